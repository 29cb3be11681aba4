namespace OrgLife.Bot.Features.Welcome;

/// <summary>What a small-talk message is: a hello, a thank-you or a goodbye.</summary>
internal enum GreetingKind
{
    Hello,
    Thanks,
    Okay,
    Goodbye,
}

/// <summary>
/// Everyday greetings, thanks and goodbyes in Mandarin and English, as any phrasebook lists them. A message
/// that is exactly one of these (punctuation and case aside) is small talk, answered with a short greeting and
/// the help buttons instead of being searched in the rules.
/// </summary>
internal static class Greetings
{
    public static readonly IReadOnlyDictionary<string, GreetingKind> Phrases = new Dictionary<string, GreetingKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["你好"] = GreetingKind.Hello, ["您好"] = GreetingKind.Hello, ["你们好"] = GreetingKind.Hello, ["大家好"] = GreetingKind.Hello,
        ["早"] = GreetingKind.Hello, ["早上好"] = GreetingKind.Hello, ["早安"] = GreetingKind.Hello, ["上午好"] = GreetingKind.Hello,
        ["中午好"] = GreetingKind.Hello, ["下午好"] = GreetingKind.Hello, ["晚上好"] = GreetingKind.Hello, ["嗨"] = GreetingKind.Hello,
        ["哈喽"] = GreetingKind.Hello, ["哈啰"] = GreetingKind.Hello, ["在吗"] = GreetingKind.Hello, ["你好吗"] = GreetingKind.Hello, ["在不在"] = GreetingKind.Hello,
        ["hello"] = GreetingKind.Hello, ["hi"] = GreetingKind.Hello, ["hey"] = GreetingKind.Hello, ["hi there"] = GreetingKind.Hello,
        ["hello there"] = GreetingKind.Hello, ["good morning"] = GreetingKind.Hello, ["good afternoon"] = GreetingKind.Hello,
        ["good evening"] = GreetingKind.Hello, ["anyone there"] = GreetingKind.Hello,
        ["谢谢"] = GreetingKind.Thanks, ["谢谢你"] = GreetingKind.Thanks, ["谢谢您"] = GreetingKind.Thanks, ["多谢"] = GreetingKind.Thanks,
        ["感谢"] = GreetingKind.Thanks, ["非常感谢"] = GreetingKind.Thanks, ["辛苦了"] = GreetingKind.Thanks, ["好的"] = GreetingKind.Okay,
        ["好的谢谢"] = GreetingKind.Thanks, ["收到"] = GreetingKind.Okay, ["明白了"] = GreetingKind.Okay, ["知道了"] = GreetingKind.Okay,
        ["thanks"] = GreetingKind.Thanks, ["thank you"] = GreetingKind.Thanks, ["thank you very much"] = GreetingKind.Thanks,
        ["thanks a lot"] = GreetingKind.Thanks, ["thx"] = GreetingKind.Thanks, ["ok"] = GreetingKind.Okay, ["okay"] = GreetingKind.Okay,
        ["got it"] = GreetingKind.Okay, ["great"] = GreetingKind.Okay, ["cheers"] = GreetingKind.Thanks,
        ["再见"] = GreetingKind.Goodbye, ["拜拜"] = GreetingKind.Goodbye, ["晚安"] = GreetingKind.Goodbye,
        ["bye"] = GreetingKind.Goodbye, ["goodbye"] = GreetingKind.Goodbye, ["see you"] = GreetingKind.Goodbye, ["good night"] = GreetingKind.Goodbye,
    };
}
