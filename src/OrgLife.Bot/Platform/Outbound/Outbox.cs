using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Platform.Outbound;

/// <summary>What one background pass of the outbox did.</summary>
internal sealed record OutboxPass(int Claimed, int Sent, int Requeued, int Reclaimed);

/// <summary>
/// The one way a feature sends proactively: <c>QueueTo…</c> stores a send per recipient, already leased to this
/// instance (committed with the feature's own change, so a claim and its sends are one transaction),
/// <see cref="SendNowAsync"/> sends those rows at once, and the
/// scheduled pass (<see cref="RunOnceAsync"/>, every <see cref="OutboundOptions.TickInterval"/> on every instance)
/// sends whatever is still queued: requeued after a 429 or a 5xx, or left behind by an instance that died (its
/// leases come back at once). Every send goes through the <see cref="ProactiveMessenger"/>, so Teams' limits hold
/// across instances and a 429 pauses them all; nothing here waits for a pause on the caller's behalf.
/// </summary>
internal sealed partial class Outbox(
    BotDbContext db,
    ProactiveMessenger messenger,
    InstanceRegistry instances,
    IOptions<OutboundOptions> options,
    TimeProvider clock,
    ILogger<Outbox> logger)
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(5);

    private string? _token;

    private DbSet<OutboundMessage> Messages => db.Set<OutboundMessage>();
    private OutboundOptions Options => options.Value;

    /// <summary>This scope's lease: what it queues is its own to send until <see cref="SendNowAsync"/> (or its death).</summary>
    private string Token => _token ??= instances.NewLeaseToken();

    /// <summary>Adds a send to a person's 1:1 chat; stored by the caller's next SaveChanges.</summary>
    public OutboundMessage QueueToUser(string key, long userId, Activity activity) => Queue(key, activity, m => m.RecipientUserId = userId);

    /// <summary>Adds a send into a stored conversation; stored by the caller's next SaveChanges.</summary>
    public OutboundMessage QueueToConversation(string key, string conversationId, Activity activity) => Queue(key, activity, m => m.ConversationId = conversationId);

    private OutboundMessage Queue(string key, Activity activity, Action<OutboundMessage> recipient)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(activity);
        var now = clock.GetUtcNow();
        var message = new OutboundMessage
        {
            Key = key.Length > 300 ? key[..300] : key,
            Activity = JsonSerializer.Serialize(activity, ProtocolJsonContext.Default.Activity),
            State = OutboundState.Queued,
            NotBefore = now,
            CreatedAt = now,
            // Leased from the start, so no scheduled pass takes it between the commit and SendNowAsync.
            LeaseOwner = Token,
            LeaseUntil = now + Options.Lease,
        };
        recipient(message);
        Messages.Add(message);
        return message;
    }

    /// <summary>
    /// Sends the given stored messages now, in order, on this instance's lease; returns each one's outcome (same
    /// order). A throttled or failing send stays queued for the scheduled pass: the caller never waits for it.
    /// </summary>
    public async Task<IReadOnlyList<SendOutcome>> SendNowAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = messages.Select(m => m.Id).ToList();
        var token = Token;
        var mine = await Messages.AsNoTracking().Where(m => ids.Contains(m.Id) && m.LeaseOwner == token && m.State == OutboundState.Queued)
            .OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var outcomes = new Dictionary<long, SendOutcome>();
        foreach (var row in mine)
        {
            outcomes[row.Id] = await SendOneAsync(row, token, cancellationToken);
        }

        return [.. ids.Select(id => outcomes.GetValueOrDefault(id, SendOutcome.Skipped))];
    }

    /// <summary>Deletes stored messages of this scope that were not sent yet (the reason to send them went away first).</summary>
    public async Task DiscardAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = messages.Select(m => m.Id).ToList();
        var token = Token;
        await Messages.Where(m => ids.Contains(m.Id) && m.LeaseOwner == token && m.State == OutboundState.Queued).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The scheduled pass: takes back dead instances' leases, then sends a batch of what is due.</summary>
    public async Task<OutboxPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var reclaimed = await ReclaimFromDeadInstancesAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var token = instances.NewLeaseToken();
        var due = Messages.Where(m => m.State == OutboundState.Queued && m.NotBefore <= now)
            .OrderBy(m => m.NotBefore).ThenBy(m => m.Id).Take(Options.BatchSize);
        var claimed = await ClaimAsync(token, due, cancellationToken);
        int sent = 0, requeued = 0;
        foreach (var row in claimed)
        {
            switch (await SendOneAsync(row, token, cancellationToken))
            {
                case SendOutcome.Sent: sent++; break;
                case SendOutcome.Requeued: requeued++; break;
            }
        }

        return new OutboxPass(claimed.Count, sent, requeued, reclaimed);
    }

    /// <summary>
    /// Leases the queued, unleased rows among <paramref name="candidates"/> with one conditional UPDATE: a row
    /// another instance leased first no longer matches, so no row is ever held twice.
    /// </summary>
    private async Task<List<OutboundMessage>> ClaimAsync(string token, IQueryable<OutboundMessage> candidates, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + Options.Lease;
        var ids = candidates.Select(m => m.Id);
        var count = await Messages.Where(m => ids.Contains(m.Id) && m.State == OutboundState.Queued && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LeaseOwner, token).SetProperty(m => m.LeaseUntil, until), cancellationToken);
        return count == 0 ? [] : await Messages.AsNoTracking().Where(m => m.LeaseOwner == token).OrderBy(m => m.Id).ToListAsync(cancellationToken);
    }

    private async Task<SendOutcome> SendOneAsync(OutboundMessage row, string token, CancellationToken cancellationToken)
    {
        // Never send on a lease that may be passing to another instance: hand it back instead.
        if (clock.GetUtcNow() > row.LeaseUntil - (Options.Lease / 4))
        {
            await ReleaseAsync(row, token, row.NotBefore, row.Attempts);
            return SendOutcome.Requeued;
        }

        var activity = JsonSerializer.Deserialize(row.Activity, ProtocolJsonContext.Default.Activity)!;
        try
        {
            ProactiveDelivery delivery;
            if (row.ReplacesActivityId is { } replaced)
            {
                await messenger.UpdateAsync(row.ConversationId!, replaced, activity, cancellationToken);
                delivery = new ProactiveDelivery(row.ConversationId!, replaced);
            }
            else
            {
                delivery = row.RecipientUserId is { } userId
                    ? await messenger.SendToUserAsync(userId, activity, cancellationToken)
                    : await messenger.SendToConversationAsync(row.ConversationId!, activity, cancellationToken);
            }

            await FinishAsync(row, token, OutboundState.Sent, delivery);
            return SendOutcome.Sent;
        }
        catch (RecipientUnreachableException e)
        {
            LogUnreachable(logger, e, row.Id);
            await FinishAsync(row, token, OutboundState.Unreachable, null);
            return SendOutcome.Unreachable;
        }
        catch (ConnectorException e) when (e.IsThrottled)
        {
            // The messenger already paused every instance's sends to the tenant; this one comes back after the pause.
            var pause = e.RetryAfter is { } r && r > TimeSpan.Zero ? r : Options.ThrottlePause;
            await ReleaseAsync(row, token, clock.GetUtcNow() + pause, row.Attempts + 1);
            return SendOutcome.Requeued;
        }
        catch (Exception e) when (IsTransient(e, cancellationToken) && row.Attempts + 1 < Options.MaxAttempts)
        {
            var retryAt = clock.GetUtcNow() + Backoff(row.Attempts + 1);
            LogRetrying(logger, e, row.Id, row.Attempts + 1, retryAt);
            await ReleaseAsync(row, token, retryAt, row.Attempts + 1);
            return SendOutcome.Requeued;
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Refused for good (a 4xx other than 403/429) or transient for too long: recorded, never retried forever.
            LogFailed(logger, e, row.Id, row.Attempts + 1);
            await FinishAsync(row, token, OutboundState.Failed, null);
            return SendOutcome.Failed;
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        ConnectorException c => (int)c.StatusCode >= 500 || c.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.RequestTimeout,
        HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    // 2 s, 4 s, 8 s … capped at 5 minutes.
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts, 9))));

    // Not cancellable: the send happened (or was refused), so its record must be written even while the host stops.
    private async Task FinishAsync(OutboundMessage row, string token, OutboundState state, ProactiveDelivery? delivery)
    {
        var now = clock.GetUtcNow();
        await Messages.Where(m => m.Id == row.Id && m.LeaseOwner == token).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.State, state)
            .SetProperty(m => m.SentAt, state == OutboundState.Sent ? now : null)
            .SetProperty(m => m.SentConversationId, delivery == null ? null : delivery.ConversationId)
            .SetProperty(m => m.SentActivityId, delivery == null ? null : delivery.ActivityId)
            .SetProperty(m => m.Attempts, row.Attempts + 1)
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    private async Task ReleaseAsync(OutboundMessage row, string token, DateTimeOffset notBefore, int attempts)
    {
        await Messages.Where(m => m.Id == row.Id && m.LeaseOwner == token).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.NotBefore, notBefore)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    /// <summary>Queued rows leased by an instance that is no longer alive go back to the queue now.</summary>
    private async Task<int> ReclaimFromDeadInstancesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var leases = await Messages.Where(m => m.State == OutboundState.Queued && m.LeaseOwner != null && m.LeaseUntil > now)
            .Select(m => new { Owner = m.LeaseOwner!, Until = m.LeaseUntil!.Value }).Distinct().ToListAsync(cancellationToken);
        if (leases.Count == 0)
        {
            return 0;
        }

        var reclaimed = 0;
        foreach (var dead in await instances.DeadAsync(leases.Select(l => (l.Owner, l.Until - Options.Lease)), cancellationToken))
        {
            reclaimed += await Messages.Where(m => m.LeaseOwner == dead && m.State == OutboundState.Queued)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
        }

        LogReclaimed(logger, reclaimed);
        return reclaimed;
    }

    [LoggerMessage(EventId = 730, Level = LogLevel.Information, Message = "Outbound message {MessageId}: the recipient cannot be reached")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, long messageId);

    [LoggerMessage(EventId = 731, Level = LogLevel.Warning, Message = "Outbound message {MessageId} failed (attempt {Attempt}); sending again at {RetryAt:O}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, long messageId, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 732, Level = LogLevel.Error, Message = "Outbound message {MessageId} given up after {Attempts} attempts")]
    private static partial void LogFailed(ILogger logger, Exception exception, long messageId, int attempts);

    [LoggerMessage(EventId = 733, Level = LogLevel.Information, Message = "{Count} outbound messages leased by stopped instances are back in the queue")]
    private static partial void LogReclaimed(ILogger logger, int count);
}
