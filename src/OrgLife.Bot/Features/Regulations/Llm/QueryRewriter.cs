using System.ClientModel;
using OpenAI.Chat;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>
/// Turns a member's wording (colloquial, English, a scenario) into a search query in the vocabulary of the
/// regulations, before retrieval. The original question is always searched too: a rewrite only adds.
/// </summary>
internal sealed partial class QueryRewriter(LanguageModels models, ILogger<QueryRewriter> logger)
{
    private const int MaxQueryLength = 200;

    private const string Instructions =
        "You turn a member's question about Communist Party of China regulations or Chinese law into one search query " +
        "in Simplified Chinese, using the formal terms those texts use (translate English questions). Keep every " +
        "entity, number and condition of the question; add nothing it does not ask. Reply with the query only, on one line.";

    /// <param name="budget">The turn's shared model budget.</param>
    /// <returns>The query, or null when there is no chat deployment or it gave nothing usable in time.</returns>
    public async Task<string?> RewriteAsync(string question, CancellationToken budget)
    {
        if (models.Chat is not { } chat)
        {
            return null;
        }

        try
        {
            var completion = await chat.CompleteChatAsync(
                [new SystemChatMessage(Instructions), new UserChatMessage(question)],
                new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 100 },
                budget);
            var text = string.Concat(completion.Value.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text)).Trim();
            var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return line is null || line.Length > MaxQueryLength || !line.Any(char.IsLetterOrDigit) ? null : line;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            LogFailed(logger, 0, "timeout");
            return null;
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException or IOException or InvalidOperationException or FormatException or System.Text.Json.JsonException or KeyNotFoundException or ArgumentException)
        {
            LogFailed(logger, e is ClientResultException r ? r.Status : 0, e.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(EventId = 1042, Level = LogLevel.Warning, Message = "Query rewriting failed (HTTP {Status}, {Error}); the question was searched as asked")]
    private static partial void LogFailed(ILogger logger, int status, string error);
}
