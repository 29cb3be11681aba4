using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>
/// Asks an OpenAI-compatible chat-completions endpoint (Azure OpenAI v1, or any compatible server) for a short
/// answer grounded in the numbered articles, and keeps it only when it cites at least one of them with [n].
/// </summary>
internal sealed partial class OpenAiAnswerWriter : IAnswerWriter
{
    private const int MaxSourceLength = 1500;
    private readonly ChatClient _client;
    private readonly TimeSpan _timeout;
    private readonly ILogger<OpenAiAnswerWriter> _logger;

    public OpenAiAnswerWriter(IOptions<RegulationsOptions> options, ILogger<OpenAiAnswerWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var llm = options.Value.Llm;
        _timeout = llm.Timeout;
        _logger = logger;
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(llm.Endpoint!),
            // One attempt: a retry would only push the member past the timeout; the extractive card is the fallback.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = llm.Timeout,
        };
        _client = new ChatClient(llm.Model!, new ApiKeyCredential(string.IsNullOrEmpty(llm.ApiKey) ? "none" : llm.ApiKey), clientOptions);
    }

    public bool IsEnabled => true;

    public async Task<WrittenAnswer?> WriteAsync(string question, IReadOnlyList<RegulationHit> sources, CultureInfo culture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(culture);
        if (sources.Count == 0)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        string text;
        try
        {
            var completion = await _client.CompleteChatAsync(
                [new SystemChatMessage(Instructions(culture)), new UserChatMessage(Prompt(question, sources))],
                new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 400 },
                timeout.Token);
            text = string.Concat(completion.Value.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text)).Trim();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(_logger, _timeout);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the endpoint did (HTTP error, malformed JSON, refused content), the member still gets the
            // extractive answer; the model is an optional nicety, never a reason to fail the turn.
            LogFailed(_logger, e.GetType().Name);
            return null;
        }

        return Accept(text, sources.Count);
    }

    /// <summary>Keeps the text only when it cites a given source and does not say it cannot answer.</summary>
    internal static WrittenAnswer? Accept(string text, int sourceCount)
    {
        if (string.IsNullOrWhiteSpace(text) || Declines().IsMatch(text))
        {
            return null;
        }

        var cited = Citation().Matches(text)
            .Select(m => int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(n => n >= 1 && n <= sourceCount).Select(n => n - 1).Distinct().Order().ToList();
        if (cited.Count == 0)
        {
            return null;
        }

        // Marks that name no source are dropped rather than shown dangling.
        var cleaned = Citation().Replace(text, m => int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= sourceCount ? m.Value : "");
        return new WrittenAnswer(cleaned.Trim(), cited);
    }

    private static string Instructions(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en"
        ? "You answer questions about Party regulations for branch members. Use ONLY the numbered articles given. Answer in English in at most three short sentences and mark every statement with the number of the article it comes from, like [1]. If the articles do not answer the question, reply exactly: CANNOT_ANSWER"
        : "你为党支部成员解答党内法规问题。只能依据给出的编号条文回答，不得使用其他知识。用中文回答，不超过三句话，每句话后用[1]这样的编号标明依据的条文。如果条文不能回答问题，只回复：CANNOT_ANSWER";

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

    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"CANNOT_ANSWER|无法回答|不能回答|无法确定|没有相关(规定|信息|内容)|未找到|不知道|cannot answer|can't answer|do not know|don't know|no information|not covered", RegexOptions.IgnoreCase)]
    private static partial Regex Declines();

    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "The answer model took longer than {Timeout}; the extractive answer was sent")]
    private static partial void LogTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Warning, Message = "The answer model failed ({Error}); the extractive answer was sent")]
    private static partial void LogFailed(ILogger logger, string error);
}
