using System.ClientModel;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Library;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>
/// Computes and stores the vectors of articles that have none for the configured embeddings deployment: after
/// an import (chat upload or <c>kb import</c>) and at start (documents imported before embeddings were configured,
/// or while the service was down). A failure leaves the rest for the next run; the import itself never fails.
/// </summary>
internal sealed partial class ArticleEmbedder(LanguageModels models, ILogger<ArticleEmbedder> logger)
{
    /// <summary>Inputs per request: well inside Azure OpenAI's limit of 2,048 inputs per embeddings call.</summary>
    private const int BatchSize = 64;

    /// <summary>Characters of one article sent (long articles: the start carries the subject).</summary>
    private const int MaxInputLength = 2000;

    /// <returns>Vectors stored.</returns>
    public async Task<int> EmbedMissingAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (models.Embeddings is not { } client || models.EmbeddingModel is not { } model)
        {
            return 0;
        }

        var stored = 0;
        while (true)
        {
            var batch = await db.Set<StoredArticle>().AsNoTracking()
                .Where(a => !db.Set<ArticleVector>().Any(v => v.ArticleId == a.Id && v.Model == model))
                .OrderBy(a => a.Id).Take(BatchSize)
                .Join(db.Set<StoredRegulation>(), a => a.DocumentId, d => d.Id, (a, d) => new { a.Id, d.Title, a.HeadingPath, a.Label, a.Text })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return stored;
            }

            var inputs = batch.Select(a => Input(a.Title, a.HeadingPath, a.Label, a.Text)).ToList();
            try
            {
                var result = await client.GenerateEmbeddingsAsync(inputs, cancellationToken: cancellationToken);
                foreach (var embedding in result.Value)
                {
                    var vector = ArticleVectors.Normalised(embedding.ToFloats().Span);
                    db.Set<ArticleVector>().Add(new ArticleVector
                    {
                        ArticleId = batch[embedding.Index].Id,
                        Model = model,
                        Dimensions = vector.Length,
                        Vector = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(),
                    });
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                stored += batch.Count;
            }
            catch (Exception e) when (e is ClientResultException or HttpRequestException or IOException or InvalidOperationException or FormatException or System.Text.Json.JsonException or ArgumentException or IndexOutOfRangeException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                db.ChangeTracker.Clear();
                LogFailed(logger, e is ClientResultException r ? r.Status : 0, e.GetType().Name, stored);
                return stored;
            }
        }
    }

    /// <summary>Unit vectors of the texts (a question and its rewrite), or null when there is no embeddings deployment or it failed in time.</summary>
    public async Task<IReadOnlyList<float[]>?> EmbedQueriesAsync(IReadOnlyList<string> texts, CancellationToken budget)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (models.Embeddings is not { } client || texts.Count == 0)
        {
            return null;
        }

        try
        {
            var result = await client.GenerateEmbeddingsAsync(texts, cancellationToken: budget);
            var vectors = new float[texts.Count][];
            foreach (var embedding in result.Value)
            {
                vectors[embedding.Index] = ArticleVectors.Normalised(embedding.ToFloats().Span);
            }

            return vectors.Any(v => v is null) ? null : vectors;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            LogQueryFailed(logger, 0, "timeout");
            return null;
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException or IOException or InvalidOperationException or FormatException or System.Text.Json.JsonException or ArgumentException or IndexOutOfRangeException)
        {
            LogQueryFailed(logger, e is ClientResultException r ? r.Status : 0, e.GetType().Name);
            return null;
        }
    }

    /// <summary>What an article is about: its document, chapter and text, so "第三条" alone is not all the model sees.</summary>
    private static string Input(string title, string headingPath, string label, string text)
    {
        var input = $"《{title}》{headingPath.Replace('\n', ' ')} {label}\n{text}";
        return input.Length <= MaxInputLength ? input : input[..MaxInputLength];
    }

    [LoggerMessage(EventId = 1045, Level = LogLevel.Warning, Message = "Embedding a question failed (HTTP {Status}, {Error}); it was ranked lexically")]
    private static partial void LogQueryFailed(ILogger logger, int status, string error);

    [LoggerMessage(EventId = 1043, Level = LogLevel.Warning, Message = "Embedding articles failed (HTTP {Status}, {Error}) after {Stored} vectors; the rest are computed at the next import or start, lexical retrieval covers them meanwhile")]
    private static partial void LogFailed(ILogger logger, int status, string error, int stored);
}
