using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Outbound;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Duties;

/// <summary>What one dispatcher pass did.</summary>
internal sealed record DispatchResult(int Claimed, int Sent, int Deferred, int Cancelled, int Summarised, int Requeued)
{
    public static readonly DispatchResult Empty = new(0, 0, 0, 0, 0, 0);
}

/// <summary>
/// One pass of the reminder machinery, called by <see cref="ReminderScheduler"/> (and directly by tests): marks
/// late duties overdue, plans the leaders' weekly digests, claims due sends with a lease (so two instances never
/// take the same row), folds sends older than the catch-up window into one summary per person, and sends the rest
/// through the platform's proactive messenger (which keeps Teams' limits across instances) — deferring quiet hours
/// and weekends, skipping what is no longer relevant, and requeueing on 429/5xx so nothing is dropped. Rows leased
/// by an instance that died go back to the queue at once (<see cref="InstanceRegistry"/>), not when the lease expires.
/// </summary>
internal sealed class ReminderDispatcher(
    BotDbContext db,
    DutySchedule schedule,
    DutyWorkflow workflow,
    DutyCards cards,
    DutyViews views,
    IDutyMessenger messenger,
    StoreCapabilities store,
    DispatcherState state,
    InstanceRegistry instances,
    IOptions<DutiesOptions> options,
    IOptions<OutboundOptions> outbound,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<ReminderDispatcher> logger)
{
    private static readonly ReminderStage[] OwnerReminders = [ReminderStage.Before, ReminderStage.DueDay, ReminderStage.Overdue, ReminderStage.Snoozed];
    private DbSet<DutyReminder> Reminders => db.Set<DutyReminder>();
    private DutiesOptions Options => options.Value;

    public async Task<DispatchResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        await MarkOverdueAsync(cancellationToken);
        await PlanDigestsAsync(cancellationToken);
        await ReclaimFromDeadInstancesAsync(cancellationToken);
        var claimToken = instances.NewLeaseToken();
        var claimed = await ClaimAsync(claimToken, cancellationToken);
        if (claimed.Count == 0)
        {
            return DispatchResult.Empty;
        }

        var now = clock.GetUtcNow();
        var stale = claimed.Where(r => now - r.DueAt > Options.CatchUpWindow && r.Stage != ReminderStage.CatchUpSummary).ToList();
        var summarised = await SummariseAsync(stale, cancellationToken);
        int sent = 0, deferred = 0, cancelled = 0, requeued = 0;
        var leaseEnd = now + Options.Lease;
        foreach (var row in claimed.Except(stale))
        {
            // Never send on a lease that may have passed to another instance: hand the rest back.
            if (clock.GetUtcNow() > leaseEnd - (Options.Lease / 4))
            {
                await ReleaseAsync(row, null, cancellationToken);
                requeued++;
                continue;
            }

            switch (await ProcessAsync(row, cancellationToken))
            {
                case Outcome.Sent: sent++; break;
                case Outcome.Deferred: deferred++; break;
                case Outcome.Cancelled: cancelled++; break;
                default: requeued++; break;
            }
        }

        DutiesLog.Tick(logger, sent, deferred, cancelled, summarised, requeued);
        return new DispatchResult(claimed.Count, sent, deferred, cancelled, summarised, requeued);
    }

    /// <summary>
    /// Claims up to BatchSize due rows for this pass. PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so instances
    /// never wait on each other; SQLite: one conditional UPDATE (SQLite runs one writer at a time).
    /// </summary>
    public async Task<List<DutyReminder>> ClaimAsync(string claimToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + Options.Lease;
        var batch = Options.BatchSize;
        int claimed;
        if (store.SkipsLockedRows)
        {
            claimed = await db.Database.ExecuteSqlAsync($"""
                UPDATE duty_reminders SET "LeaseOwner" = {claimToken}, "LeaseUntil" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM duty_reminders
                    WHERE "State" = 'Planned' AND "DueAt" <= {now} AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                    ORDER BY "DueAt" LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken);
        }
        else
        {
            var due = Reminders.Where(r => r.State == ReminderState.Planned && r.DueAt <= now && (r.LeaseUntil == null || r.LeaseUntil < now))
                .OrderBy(r => r.DueAt).Take(batch).Select(r => r.Id);
            claimed = await Reminders.Where(r => due.Contains(r.Id) && r.State == ReminderState.Planned && (r.LeaseUntil == null || r.LeaseUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeaseOwner, claimToken).SetProperty(r => r.LeaseUntil, until), cancellationToken);
        }

        if (claimed == 0)
        {
            return [];
        }

        // Through the (State, DueAt) index: claimed rows are planned and due.
        return await Reminders.Where(r => r.State == ReminderState.Planned && r.DueAt <= now && r.LeaseOwner == claimToken)
            .OrderBy(r => r.DueAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }

    private enum Outcome { Sent, Deferred, Cancelled, Requeued }

    private async Task<Outcome> ProcessAsync(DutyReminder row, CancellationToken cancellationToken)
    {
        var duty = row.DutyId == 0 ? null : await db.Set<Duty>().FirstOrDefaultAsync(d => d.Id == row.DutyId, cancellationToken);
        var recipientId = row.RecipientUserId != 0 ? row.RecipientUserId : duty?.OwnerUserId ?? 0;
        var recipient = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == recipientId, cancellationToken);
        if (recipient is null || !IsRelevant(row, duty))
        {
            return await FinishAsync(row, ReminderState.Cancelled, null, Outcome.Cancelled, cancellationToken);
        }

        var zone = TimeZones.FindOr(recipient.TimeZone ?? duty?.TimeZone, bot.Value.DefaultTimeZone);
        var policy = duty is null ? Options.DefaultPolicy : await schedule.PolicyAsync(duty.ScopeId, cancellationToken);
        var now = clock.GetUtcNow();
        var allowed = ReminderPlanner.NextAllowed(now, policy, zone);
        if (allowed > now)
        {
            row.DueAt = allowed;
            await ReleaseAsync(row, null, cancellationToken);
            return Outcome.Deferred;
        }

        if (OwnerReminders.Contains(row.Stage) && duty is not null && await RemindedTodayAsync(duty.Id, zone, cancellationToken))
        {
            return await FinishAsync(row, ReminderState.Cancelled, null, Outcome.Cancelled, cancellationToken);
        }

        Activity? activity;
        using (BotCulture.Use(BotCulture.FromLocale(recipient.Locale)))
        {
            activity = await ComposeAsync(row, duty, recipient, zone, cancellationToken);
        }

        if (activity is null)
        {
            return await FinishAsync(row, ReminderState.Cancelled, null, Outcome.Cancelled, cancellationToken);
        }

        try
        {
            var delivery = await messenger.SendToUserAsync(recipient.Id, activity, cancellationToken);
            return await FinishAsync(row, ReminderState.Sent, delivery, Outcome.Sent, cancellationToken);
        }
        catch (RecipientUnreachableException)
        {
            DutiesLog.Unreachable(logger, recipient.Id, row.DutyId);
            await TellCreatorOnceAsync(duty, recipient.Id, cancellationToken);
            return await FinishAsync(row, ReminderState.Unreachable, null, Outcome.Cancelled, cancellationToken);
        }
        catch (ConnectorException e) when (e.IsThrottled)
        {
            // Company Communicator's way: the messenger paused every instance's sends to the tenant; the throttled
            // send goes back in the queue until Teams said to come back.
            var pause = e.RetryAfter is { } r && r > TimeSpan.Zero ? r : outbound.Value.ThrottlePause;
            DutiesLog.Throttled(logger, pause);
            row.Attempts++;
            await ReleaseAsync(row, clock.GetUtcNow() + pause, cancellationToken);
            return Outcome.Requeued;
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            row.Attempts++;
            var retryAt = clock.GetUtcNow() + Backoff(row.Attempts);
            DutiesLog.SendFailed(logger, row.Id, row.Attempts, retryAt, e);
            await ReleaseAsync(row, retryAt, cancellationToken);
            return Outcome.Requeued;
        }
    }

    // 2 s, 4 s, 8 s … capped at 5 minutes: transient failures are retried for as long as they last.
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts, 9))));

    private static bool IsRelevant(DutyReminder row, Duty? duty) => row.Stage switch
    {
        ReminderStage.Digest => true,
        ReminderStage.CatchUpSummary => true,
        ReminderStage.ExtensionAnswer or ReminderStage.Unreachable => duty is not null,
        ReminderStage.Cancelled => duty is { Status: DutyStatus.Cancelled },
        ReminderStage.ExtensionRequest => duty is { IsOpen: true, RequestedDueAt: not null },
        ReminderStage.Assigned or ReminderStage.HelpRequest or ReminderStage.HelpAnswer => duty is { IsOpen: true },
        _ => duty is { IsOpen: true } && duty.DueVersion == row.Occurrence,
    };

    private async Task<bool> RemindedTodayAsync(long dutyId, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var localToday = DateOnly.FromDateTime(LocalTime.ToLocal(clock.GetUtcNow(), zone));
        var startOfDay = LocalTime.ToUtc(localToday.ToDateTime(TimeOnly.MinValue), zone);
        return await Reminders.AnyAsync(r => r.DutyId == dutyId && r.RecipientUserId == 0 && r.State == ReminderState.Sent
            && OwnerReminders.Contains(r.Stage) && r.SentAt >= startOfDay, cancellationToken);
    }

    private async Task<Activity?> ComposeAsync(DutyReminder row, Duty? duty, UserProfile recipient, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (row.Stage == ReminderStage.Digest)
        {
            var digest = await views.DigestAsync(recipient.Id, clock.GetUtcNow() + TimeSpan.FromDays(7), zone, cancellationToken);
            return digest.Count == 0 ? null : CardActivity(cards.Digest(digest), cards.DigestSummary(digest.Count));
        }

        if (row.Stage == ReminderStage.CatchUpSummary)
        {
            var ids = (row.Payload ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
            var duties = await db.Set<Duty>().AsNoTracking().Where(d => ids.Contains(d.Id) && d.Status != DutyStatus.Done && d.Status != DutyStatus.Cancelled).ToListAsync(cancellationToken);
            if (duties.Count == 0)
            {
                return null;
            }

            var list = await views.ViewsAsync(duties, zone, cancellationToken);
            return CardActivity(cards.CatchUp(list), cards.CatchUpSummary(list.Count));
        }

        var view = (await views.ViewsAsync([duty!], zone, cancellationToken))[0];
        // The creator and the leader may edit or cancel from their card; a secretary does it from "duty 12".
        var card = cards.Reminder(view, row.Stage, row.Sequence, row.Payload, isLeader: recipient.Id == duty!.LeaderUserId && row.RecipientUserId != 0,
            mayEdit: recipient.Id == duty.CreatedByUserId || recipient.Id == duty.LeaderUserId);
        return CardActivity(card, cards.ReminderSummary(view, row.Stage));
    }

    private static Activity CardActivity(System.Text.Json.Nodes.JsonObject card, string summary) =>
        new() { Type = ActivityTypes.Message, Summary = summary, Attachments = [Attachment.AdaptiveCard(card)] };

    /// <summary>The owner cannot be reached: the item shows it and its creator hears of it, once.</summary>
    private async Task TellCreatorOnceAsync(Duty? duty, long unreachableUserId, CancellationToken cancellationToken)
    {
        if (duty is null || unreachableUserId != duty.OwnerUserId || duty.OwnerUnreachableAt is not null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var marked = await db.Set<Duty>().Where(d => d.Id == duty.Id && d.OwnerUnreachableAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.OwnerUnreachableAt, now), cancellationToken);
        if (marked == 0)
        {
            return;
        }

        duty.OwnerUnreachableAt = now;
        workflow.Audit(duty.Id, 0, DutyWorkflow.OwnerUnreachable, "");
        await db.SaveChangesAsync(cancellationToken);
        if (duty.CreatedByUserId != duty.OwnerUserId)
        {
            await schedule.AddAsync(duty.Id, ReminderStage.Unreachable, 0, 0, duty.CreatedByUserId, null, null, cancellationToken);
        }
    }

    private async Task<Outcome> FinishAsync(DutyReminder row, ReminderState result, ProactiveDelivery? delivery, Outcome outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await Reminders.Where(r => r.Id == row.Id).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.State, result)
            .SetProperty(r => r.SentAt, result == ReminderState.Sent ? now : null)
            .SetProperty(r => r.ConversationId, delivery == null ? null : delivery.ConversationId)
            .SetProperty(r => r.ActivityId, delivery == null ? null : delivery.ActivityId)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
        return outcome;
    }

    /// <summary>Back to the queue: due again at the row's time, not claimable before <paramref name="notBefore"/>.</summary>
    private async Task ReleaseAsync(DutyReminder row, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        var dueAt = row.DueAt;
        var attempts = row.Attempts;
        await Reminders.Where(r => r.Id == row.Id).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.DueAt, dueAt)
            .SetProperty(r => r.Attempts, attempts)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseUntil, notBefore), cancellationToken);
    }

    /// <summary>After downtime: late sends become one summary per person instead of a flood.</summary>
    private async Task<int> SummariseAsync(List<DutyReminder> stale, CancellationToken cancellationToken)
    {
        if (stale.Count == 0)
        {
            return 0;
        }

        var dutyIds = stale.Select(r => r.DutyId).Where(id => id != 0).Distinct().ToList();
        var owners = await db.Set<Duty>().AsNoTracking().Where(d => dutyIds.Contains(d.Id))
            .Select(d => new { d.Id, d.OwnerUserId }).ToDictionaryAsync(d => d.Id, d => d.OwnerUserId, cancellationToken);
        var ids = stale.Select(r => r.Id).ToList();
        await Reminders.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.State, ReminderState.Summarised)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), cancellationToken);

        var now = clock.GetUtcNow();
        var day = int.Parse(now.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var byRecipient = stale.Where(r => r.DutyId != 0)
            .GroupBy(r => r.RecipientUserId != 0 ? r.RecipientUserId : owners.GetValueOrDefault(r.DutyId));
        foreach (var group in byRecipient.Where(g => g.Key != 0))
        {
            var payload = string.Join(',', group.Select(r => r.DutyId).Distinct().Take(200));
            await schedule.AddAsync(0, ReminderStage.CatchUpSummary, day, (int)(now.TimeOfDay.TotalMinutes), group.Key, now, payload, cancellationToken);
        }

        return stale.Count;
    }

    /// <summary>
    /// Rows leased by an instance that is no longer alive go back to the queue now (a restart resumes at once;
    /// the lease expiry is only the fallback). Looked at on the first pass and then every half <see cref="OutboundOptions.DeadAfter"/>.
    /// </summary>
    private async Task ReclaimFromDeadInstancesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < state.NextReclaim)
        {
            return;
        }

        state.NextReclaim = now + (outbound.Value.DeadAfter / 2);
        var leases = await Reminders.Where(r => r.State == ReminderState.Planned && r.LeaseOwner != null && r.LeaseUntil > now)
            .Select(r => new { Owner = r.LeaseOwner!, Until = r.LeaseUntil!.Value }).Distinct().ToListAsync(cancellationToken);
        if (leases.Count == 0)
        {
            return;
        }

        foreach (var dead in await instances.DeadAsync(leases.Select(l => (l.Owner, l.Until - Options.Lease)), cancellationToken))
        {
            var reclaimed = await Reminders.Where(r => r.LeaseOwner == dead && r.State == ReminderState.Planned)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
            DutiesLog.Reclaimed(logger, reclaimed, dead);
        }
    }

    /// <summary>Open duties past their deadline turn red (overdue), each change in the audit trail.</summary>
    private async Task MarkOverdueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // One index seek per status on (Status, DueAt).
        var late = await db.Set<Duty>().Where(d => d.Status == DutyStatus.Pending && d.DueAt < now).Select(d => d.Id).Take(1000).ToListAsync(cancellationToken);
        late.AddRange(await db.Set<Duty>().Where(d => d.Status == DutyStatus.InProgress && d.DueAt < now).Select(d => d.Id).Take(1000).ToListAsync(cancellationToken));
        if (late.Count == 0)
        {
            return;
        }

        await db.Set<Duty>().Where(d => late.Contains(d.Id) && (d.Status == DutyStatus.Pending || d.Status == DutyStatus.InProgress))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DutyStatus.Overdue).SetProperty(d => d.UpdatedAt, now), cancellationToken);
        foreach (var id in late)
        {
            workflow.Audit(id, 0, DutyWorkflow.BecameOverdue, "");
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Each leader of open duties gets next week's digest planned (once an hour is plenty; the key makes it idempotent).</summary>
    private async Task PlanDigestsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < state.NextDigestPlanning)
        {
            return;
        }

        state.NextDigestPlanning = now + TimeSpan.FromHours(1);
        var leaders = await db.Set<Duty>().AsNoTracking().Where(d => d.Status != DutyStatus.Done && d.Status != DutyStatus.Cancelled && d.LeaderUserId != 0)
            .Select(d => d.LeaderUserId).Distinct().ToListAsync(cancellationToken);
        var zones = await db.Users.AsNoTracking().Where(u => leaders.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.TimeZone, cancellationToken);
        foreach (var leader in leaders)
        {
            var zone = TimeZones.FindOr(zones.GetValueOrDefault(leader), bot.Value.DefaultTimeZone);
            var at = NextDigest(now, zone, Options.DigestDay, Options.DigestAt);
            var local = LocalTime.ToLocal(at, zone);
            var week = ISOWeek.GetYear(local) * 100 + ISOWeek.GetWeekOfYear(local);
            await schedule.AddAsync(0, ReminderStage.Digest, week, 0, leader, at, null, cancellationToken);
        }
    }

    public static DateTimeOffset NextDigest(DateTimeOffset now, TimeZoneInfo zone, DayOfWeek day, TimeSpan at)
    {
        var local = LocalTime.ToLocal(now, zone);
        var date = DateOnly.FromDateTime(local);
        var daysAhead = ((int)day - (int)date.DayOfWeek + 7) % 7;
        var candidate = date.AddDays(daysAhead).ToDateTime(TimeOnly.FromTimeSpan(at));
        if (candidate < local)
        {
            candidate = candidate.AddDays(7);
        }

        return LocalTime.ToUtc(candidate, zone);
    }
}

/// <summary>Per-instance memory of the dispatcher: when digests were last planned and dead leases last looked for.</summary>
internal sealed class DispatcherState
{
    public DateTimeOffset NextDigestPlanning { get; set; }
    public DateTimeOffset NextReclaim { get; set; }
}
