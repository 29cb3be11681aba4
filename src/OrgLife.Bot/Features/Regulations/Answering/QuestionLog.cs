using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>
/// Writes the question log off the turn: a question is queued in memory and written in batches, so a Q&amp;A
/// turn does no database write of its own. Handlers that need a row (feedback, forwarding) flush first.
/// </summary>
internal sealed partial class QuestionLog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<QuestionLog> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly string[] SqliteParameters = ["$id", "$scope", "$user", "$question", "$outcome", "$citation", "$at", "$feedback"];

    // Questions arriving within this window share one transaction: at hundreds of turns per second a write
    // per question would cost more CPU than answering it.
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);
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
                await Task.Delay(Coalesce, clock, stoppingToken);
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
            if (db.Database.IsSqlite())
            {
                await WriteSqliteAsync(db, batch, cancellationToken);
                return;
            }

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

    /// <summary>
    /// SQLite (one core, hundreds of questions a second): one prepared statement in one transaction costs a
    /// tenth of EF's per-entity insert. <c>OR IGNORE</c> skips rows a feedback or forward already wrote.
    /// Column names and value encodings follow <see cref="RegulationsModel"/> and the SQLite context (enums
    /// as names, instants as UTC ticks); the host-level tests read these rows back through EF.
    /// </summary>
    private static async Task WriteSqliteAsync(BotDbContext db, List<AskedQuestion> batch, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR IGNORE INTO \"regulation_questions\" (\"PublicId\", \"ScopeId\", \"UserId\", \"Question\", \"Outcome\", \"Citation\", \"AskedAt\", \"Feedback\") "
                + "VALUES ($id, $scope, $user, $question, $outcome, $citation, $at, $feedback)";
            var parameters = SqliteParameters.Select(name =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            foreach (var q in batch)
            {
                parameters[0].Value = q.PublicId;
                parameters[1].Value = q.ScopeId;
                parameters[2].Value = q.UserId;
                parameters[3].Value = q.Question;
                parameters[4].Value = q.Outcome.ToString();
                parameters[5].Value = (object?)q.Citation ?? DBNull.Value;
                parameters[6].Value = q.AskedAt.UtcTicks;
                parameters[7].Value = q.Feedback.ToString();
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "The question log is full; a question was not logged")]
    private static partial void LogDropped(ILogger logger);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error, Message = "Writing {Count} questions to the log failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
