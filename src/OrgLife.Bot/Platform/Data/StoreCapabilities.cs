using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrgLife.Bot.Platform.Data;

/// <summary>
/// What differs between the two stores, in one place, so features ask about a capability instead of a provider
/// (and never reference a provider's types).
/// </summary>
internal sealed class StoreCapabilities(IOptions<StoreOptions> options)
{
    /// <summary>
    /// SQLite runs one writer at a time: this instance's writers do better queueing for each other than colliding
    /// in its busy handler (which sleeps up to 100 ms per try). PostgreSQL takes concurrent writers.
    /// </summary>
    public bool SingleWriter => options.Value.Provider == StoreProvider.Sqlite;

    /// <summary>Rows can be claimed with <c>FOR UPDATE SKIP LOCKED</c>, so instances never wait on each other's claims.</summary>
    public bool SkipsLockedRows => options.Value.Provider == StoreProvider.Postgres;

    /// <summary>
    /// The store refused because another writer held it (SQLite busy/locked; PostgreSQL serialization failure,
    /// deadlock or lock not available): the same work may simply be tried again.
    /// </summary>
    public static bool IsBusy(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable } => true,
        DbUpdateException { InnerException: { } inner } => IsBusy(inner),
        DbException { InnerException: { } inner } => IsBusy(inner),
        InvalidOperationException { InnerException: { } inner } => IsBusy(inner),
        _ => false,
    };

    /// <summary>
    /// Readies the context's connection for a burst of writes. SQLite: <c>synchronous=NORMAL</c> is per connection
    /// (the migrator's does not carry over); in WAL mode it keeps the file consistent and drops the fsync of every
    /// commit, which otherwise caps writes at a few dozen per second. Leaves the connection open.
    /// </summary>
    public async Task PrepareForWritesAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!SingleWriter)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", cancellationToken);
    }
}
