using System.ClientModel;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OpenAI.Chat;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>A short answer written from retrieved articles; <see cref="CitedSources"/> are indexes into the sources given.</summary>
internal sealed record WrittenAnswer(string Text, IReadOnlyList<int> CitedSources);

internal enum ModelVerdict
{
    /// <summary>Every sentence cites a given article.</summary>
    Answered,

    /// <summary>The model said the articles do not answer the question: the member is told it is not covered.</summary>
    CannotAnswer,

    /// <summary>No usable answer (not configured, error, timeout, a sentence without a citation): the lexical answer is sent.</summary>
    Unavailable,
}

internal sealed record ModelAnswer(ModelVerdict Verdict, WrittenAnswer? Written = null)
{
    public static ModelAnswer Unavailable { get; } = new(ModelVerdict.Unavailable);

    public static ModelAnswer CannotAnswer { get; } = new(ModelVerdict.CannotAnswer);
}

/// <summary>
/// Asks the chat deployment for a short answer grounded in the numbered articles. The answer is kept only when
/// every sentence cites one of them with [n]; "CANNOT_ANSWER" is a refusal, not a reason to show the top article.
/// </summary>
internal sealed partial class GroundedAnswerWriter(LanguageModels models, ILogger<GroundedAnswerWriter> logger)
{
    private const int MaxSourceLength = 1500;
    private const string CannotAnswerToken = "CANNOT_ANSWER";

    public bool IsEnabled => models.Chat is not null;

    /// <param name="budget">The turn's shared model budget (<see cref="LanguageModels.StartTurn"/>).</param>
    public async Task<ModelAnswer> WriteAsync(string question, IReadOnlyList<RegulationHit> sources, CultureInfo culture, CancellationToken budget)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(culture);
        if (models.Chat is not { } chat || sources.Count == 0)
        {
            return ModelAnswer.Unavailable;
        }

        string text;
        try
        {
            var completion = await chat.CompleteChatAsync(
                [new SystemChatMessage(Instructions(culture)), new UserChatMessage(Prompt(question, sources))],
                new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 400 },
                budget);
            text = string.Concat(completion.Value.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text)).Trim();
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            LogTimedOut(logger);
            return ModelAnswer.Unavailable;
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException or IOException or InvalidOperationException or FormatException or System.Text.Json.JsonException or KeyNotFoundException or ArgumentException)
        {
            // Whatever the endpoint did (429/5xx after the retries, malformed JSON, refused content), the member
            // still gets the lexical answer; the model is an optional nicety, never a reason to fail the turn.
            LogFailed(logger, e is ClientResultException r ? r.Status : 0, e.GetType().Name);
            return ModelAnswer.Unavailable;
        }

        return Judge(text, sources.Count);
    }

    /// <summary>
    /// A refusal when the model says it cannot answer; an answer when every sentence cites a given source;
    /// otherwise unusable (an uncited sentence may be the model's own knowledge, which a member must not take as the rule).
    /// </summary>
    internal static ModelAnswer Judge(string text, int sourceCount)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ModelAnswer.Unavailable;
        }

        if (text.Contains(CannotAnswerToken, StringComparison.OrdinalIgnoreCase))
        {
            return ModelAnswer.CannotAnswer;
        }

        var cited = new SortedSet<int>();
        var sentences = 0;
        foreach (Match sentence in Sentence().Matches(text))
        {
            if (!sentence.Value.Any(char.IsLetterOrDigit))
            {
                continue;
            }

            sentences++;
            var marks = Citation().Matches(sentence.Value).Select(m => int.Parse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();
            if (marks.Count == 0 || marks.Any(n => n < 1 || n > sourceCount))
            {
                return ModelAnswer.Unavailable;
            }

            cited.UnionWith(marks.Select(n => n - 1));
        }

        return sentences == 0 ? ModelAnswer.Unavailable : new ModelAnswer(ModelVerdict.Answered, new WrittenAnswer(text, [.. cited]));
    }

    private static string Instructions(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en"
        ? "You answer questions about Party regulations for branch members. Use ONLY the numbered articles given, never other knowledge. Answer in English in at most three short sentences; end every sentence with the number of the article it comes from, like [1]. If the articles do not answer the question, reply exactly: " + CannotAnswerToken
        : "你为党支部成员解答党内法规问题。只能依据给出的编号条文回答，不得使用其他知识。用中文回答，不超过三句话，每句话末尾用[1]这样的编号标明依据的条文。如果条文不能回答问题，只回复：" + CannotAnswerToken;

    private static string Prompt(string question, IReadOnlyList<RegulationHit> sources)
    {
        var builder = new StringBuilder();
        builder.Append("问题 / Question: ").AppendLine(question).AppendLine();
        for (var i = 0; i < sources.Count; i++)
        {
            var text = sources[i].Article.Text;
            builder.Append('[').Append(i + 1).Append("] ").Append(sources[i].Citation).Append('：')
                .AppendLine(text.Length > MaxSourceLength ? text[..MaxSourceLength] + "…" : text);
        }

        return builder.ToString();
    }

    /// <summary>A sentence with the citation marks that follow its full stop ("…一年。[1]" or "…one year [1].").</summary>
    [GeneratedRegex(@"[^。！？!?；;\n]+?(?:[。！？!?；;]|\.(?=\s|$)|$)(?:\s*\[\d{1,2}\])*", RegexOptions.Multiline)]
    private static partial Regex Sentence();

    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex Citation();

    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "The answer model did not answer within the turn's budget; the lexical answer was sent")]
    private static partial void LogTimedOut(ILogger logger);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Warning, Message = "The answer model failed (HTTP {Status}, {Error}); the lexical answer was sent")]
    private static partial void LogFailed(ILogger logger, int status, string error);
}
