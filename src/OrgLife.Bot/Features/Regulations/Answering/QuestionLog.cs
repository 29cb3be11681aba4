using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Data;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>
/// Writes the question log off the turn: a question is queued in memory and written in batches, so a Q&amp;A
/// turn does no database write of its own. Handlers that need a row (feedback, forwarding) flush first.
/// </summary>
internal sealed partial class QuestionLog(IServiceScopeFactory scopes, ILogger<QuestionLog> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private readonly Channel<AskedQuestion> _pending = Channel.CreateBounded<AskedQuestion>(
        new BoundedChannelOptions(20_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = false });
    private readonly SemaphoreSlim _writing = new(1, 1);

    public void Record(AskedQuestion question)
    {
        if (!_pending.Writer.TryWrite(question))
        {
            LogDropped(logger);
        }
    }

    /// <summary>Writes everything queued so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<AskedQuestion>(BatchSize);
            while (true)
            {
                batch.Clear();
                while (batch.Count < BatchSize && _pending.Reader.TryRead(out var question))
                {
                    batch.Add(question);
                }

                if (batch.Count == 0)
                {
                    return;
                }

                await WriteAsync(batch, cancellationToken);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task WriteAsync(List<AskedQuestion> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        try
        {
            db.Set<AskedQuestion>().AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A feedback or forward wrote one of these rows first; write the others one by one.
            db.ChangeTracker.Clear();
            var ids = batch.Select(q => q.PublicId).ToList();
            var existing = await db.Set<AskedQuestion>().Where(q => ids.Contains(q.PublicId)).Select(q => q.PublicId).ToListAsync(cancellationToken);
            foreach (var question in batch.Where(q => !existing.Contains(q.PublicId)))
            {
                question.Id = 0;
                db.Set<AskedQuestion>().Add(question);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            LogWriteFailed(logger, e, batch.Count);
        }
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "The question log is full; a question was not logged")]
    private static partial void LogDropped(ILogger logger);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error, Message = "Writing {Count} questions to the log failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
