namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>
/// "第几条规定的？" / "which article is that?" right after an answer asks where that answer came from, not a
/// new question. The phrases are the everyday Chinese and English ways to ask for a source; a message that
/// says anything more (党章第几条规定了入党年龄？) is a new question.
/// </summary>
internal static class ArticleFollowUp
{
    private static readonly string[] Asks =
    [
        "第几条", "哪一条", "哪条", "哪个条款", "哪一款", "哪款", "什么条款", "哪个条文", "哪条规定", "出处", "依据是什么", "根据是什么",
        "which article", "what article", "which rule", "which section", "what section", "which clause", "which paragraph",
        "what is the source", "source",
    ];

    // Words that only carry the asking around the phrase ("是…规定的吗", "is that from").
    private static readonly string[] Filler =
    [
        "规定的", "规定", "说的", "写的", "出自", "来自", "上面", "刚才", "这个", "那个", "这是", "那是", "请问", "哪里", "在", "是", "的",
        "呢", "吗", "啊", "呀", "这", "那", "里",
        "is", "it", "that", "this", "in", "from", "says", "say", "said", "does", "the", "of", "was", "come", "comes",
    ];

    public static bool IsAsked(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length > 40)
        {
            return false;
        }

        var text = " " + message.ToLowerInvariant() + " ";
        var ask = Asks.FirstOrDefault(a => text.Contains(a, StringComparison.Ordinal));
        if (ask is null)
        {
            return false;
        }

        text = text.Replace(ask, " ", StringComparison.Ordinal);
        foreach (var word in Filler.OrderByDescending(f => f.Length))
        {
            text = word.All(char.IsAsciiLetter)
                ? string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Trim('?', '.', '!', ',') != word))
                : text.Replace(word, " ", StringComparison.Ordinal);
        }

        return text.Count(char.IsLetterOrDigit) <= 1;
    }
}
