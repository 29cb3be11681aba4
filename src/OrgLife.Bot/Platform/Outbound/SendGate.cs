using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Platform.Outbound;

/// <summary>
/// Teams' send limits for every proactive send of every instance on one store: per conversation (7 per second,
/// 60 per 30 s) and per app per tenant (<see cref="OutboundOptions.PerTenantPerSecond"/>), and the tenant-wide
/// pause after a 429. Each send books the earliest moment all its windows allow in <see cref="SendLimit"/> rows
/// (a compare-and-swap on their version: an instance that lost the race reads again and books later), then waits
/// for it on the injected clock. Per-process limiters cannot do this: two instances would each allow the full rate.
/// </summary>
internal sealed partial class SendGate(IServiceScopeFactory scopes, IOptions<OutboundOptions> options, TimeProvider clock, ILogger<SendGate> logger)
{
    // Slack against network jitter: a send booked exactly one window later may still arrive inside it.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HalfMinute = TimeSpan.FromSeconds(30);
    private const int MaxAttempts = 200;

    /// <summary>Books this send's slot and waits for it.</summary>
    public async Task WaitForSlotAsync(string? tenantId, string conversationId, CancellationToken cancellationToken)
    {
        var wait = await ReserveAsync(tenantId, conversationId, cancellationToken);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    /// <summary>Books the earliest slot every window of the tenant and the conversation allows; returns the wait until it.</summary>
    public async Task<TimeSpan> ReserveAsync(string? tenantId, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var o = options.Value;
        var tenantKey = TenantKey(tenantId);
        var conversationKey = ConversationKey(conversationId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        for (var attempt = 1; ; attempt++)
        {
            var rows = await db.Set<SendLimit>().Where(l => l.Key == tenantKey || l.Key == conversationKey).ToListAsync(cancellationToken);
            var tenant = rows.Find(r => r.Key == tenantKey) ?? Added(db, tenantKey);
            var conversation = rows.Find(r => r.Key == conversationKey) ?? Added(db, conversationKey);
            var now = clock.GetUtcNow();
            var tenantSlots = tenant.ReadSlots();
            var conversationSlots = conversation.ReadSlots();
            var at = Earliest(now, tenant.PausedUntil, tenantSlots, conversationSlots, o);
            var since = now - HalfMinute - Slack;
            tenant.WriteSlots(tenantSlots.Append(at), o.PerTenantPerSecond, since);
            conversation.WriteSlots(conversationSlots.Append(at), Math.Max(o.PerConversationPerSecond, o.PerConversationPer30Seconds), since);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return at - now;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts)
            {
                // Another instance booked first (version changed, or it created the row): read again.
                LogContended(logger, e, attempt);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Teams answered 429: no instance sends to the tenant before <paramref name="retryAfter"/> (or
    /// <see cref="OutboundOptions.ThrottlePause"/> when it named none) has passed. Returns the end of the pause.
    /// </summary>
    public async Task<DateTimeOffset> PauseAsync(string? tenantId, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + (retryAfter is { } r && r > TimeSpan.Zero ? r : options.Value.ThrottlePause);
        var key = TenantKey(tenantId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        await db.Set<SendLimit>().Where(l => l.Key == key && (l.PausedUntil == null || l.PausedUntil < until))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.PausedUntil, until).SetProperty(l => l.Version, l => l.Version + 1), cancellationToken);
        LogPaused(logger, until);
        return until;
    }

    /// <summary>
    /// The first moment after <paramref name="now"/>, any pause and the tenant's last booking (first come, first
    /// served) at which a send leaves every window within its limit. Slots are ascending, so the window's
    /// limit-th latest slot says when the window has room again.
    /// </summary>
    internal static DateTimeOffset Earliest(DateTimeOffset now, DateTimeOffset? pausedUntil, List<DateTimeOffset> tenantSlots, List<DateTimeOffset> conversationSlots, OutboundOptions o)
    {
        var at = now;
        if (pausedUntil > at)
        {
            at = pausedUntil.Value;
        }

        if (tenantSlots.Count > 0 && tenantSlots[^1] > at)
        {
            at = tenantSlots[^1];
        }

        var windows = new (List<DateTimeOffset> Slots, int Limit, TimeSpan Window)[]
        {
            (tenantSlots, o.PerTenantPerSecond, Second),
            (conversationSlots, o.PerConversationPerSecond, Second),
            (conversationSlots, o.PerConversationPer30Seconds, HalfMinute),
        };
        // Push the slot later until every window has room; each pass can only move it forward.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (slots, limit, window) in windows)
            {
                if (slots.Count >= limit && slots[^limit] + window + Slack > at)
                {
                    at = slots[^limit] + window + Slack;
                    changed = true;
                }
            }
        }

        return at;
    }

    private static SendLimit Added(BotDbContext db, string key)
    {
        var row = new SendLimit { Key = key };
        db.Add(row);
        return row;
    }

    private static string TenantKey(string? tenantId) => "tenant:" + (tenantId ?? "");

    // Teams conversation ids are far shorter than the key column; a longer one is cut (two such would share a limit, which only slows them).
    private static string ConversationKey(string conversationId) => ("conversation:" + conversationId) is { Length: > 400 } key ? key[..400] : "conversation:" + conversationId;

    [LoggerMessage(EventId = 720, Level = LogLevel.Debug, Message = "Send slot contended, attempt {Attempt}: booking again")]
    private static partial void LogContended(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "Teams throttled a send (429): every instance pauses sends to the tenant until {Until:O}")]
    private static partial void LogPaused(ILogger logger, DateTimeOffset until);
}
