using System.Data.Common;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>
/// On the server, off the turn: at start and after each import, embeds the articles that have no vector yet and
/// loads the vectors for hybrid retrieval. Until then lexical retrieval alone covers those articles.
/// </summary>
internal sealed partial class VectorRefresher(IServiceScopeFactory scopes, LanguageModels models, ArticleVectors vectors, ILogger<VectorRefresher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>Asks for a pass soon (an import stored new articles).</summary>
    public void Request()
    {
        if (models.Embeddings is not null && _wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Runs one pass now: the import tests and the command line wait for it.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (models.Embeddings is null)
        {
            return;
        }

        // One pass at a time: two would embed the same articles twice.
        await _pass.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
            await scope.ServiceProvider.GetRequiredService<ArticleEmbedder>().EmbedMissingAsync(db, cancellationToken);
            await vectors.ReloadAsync(db, cancellationToken);
        }
        finally
        {
            _pass.Release();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _pass.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (models.Embeddings is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await _wake.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                // A busy store: the next import (or start) tries again; questions are answered lexically meanwhile.
                LogFailed(logger, e.GetType().Name);
                await _wake.WaitAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 1044, Level = LogLevel.Warning, Message = "Refreshing article vectors failed ({Error}); retried after the next import")]
    private static partial void LogFailed(ILogger logger, string error);
}
