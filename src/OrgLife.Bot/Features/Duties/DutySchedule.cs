using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// Turns a duty into stored planned sends (<see cref="DutyReminder"/> rows) and takes them back when the duty is
/// done or its deadline moves. Planning is idempotent: rows already there (unique key) are left alone.
/// </summary>
internal sealed class DutySchedule(BotDbContext db, IOptions<DutiesOptions> options, IOptions<BotOptions> bot, TimeProvider clock)
{
    // What follows from the deadline, owner and leader; an edit withdraws these and plans them again.
    private static readonly ReminderStage[] ScheduleStages =
        [ReminderStage.Before, ReminderStage.DueDay, ReminderStage.Overdue, ReminderStage.Escalation, ReminderStage.Snoozed, ReminderStage.Assigned];

    private DbSet<DutyReminder> Reminders => db.Set<DutyReminder>();

    public async Task<ReminderPolicy> PolicyAsync(long scopeId, CancellationToken cancellationToken)
    {
        var scoped = await db.Set<DutyPolicyOverride>().AsNoTracking().FirstOrDefaultAsync(p => p.ScopeId == scopeId, cancellationToken);
        return options.Value.DefaultPolicy.With(scoped);
    }

    public async Task<TimeZoneInfo> ZoneOfAsync(long userId, string fallback, CancellationToken cancellationToken)
    {
        var zone = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(cancellationToken);
        return TimeZones.FindOr(zone ?? fallback, bot.Value.DefaultTimeZone);
    }

    /// <summary>Plans the reminders of the duty's current deadline.</summary>
    public async Task PlanAsync(Duty duty, CancellationToken cancellationToken)
    {
        if (!duty.IsOpen)
        {
            return;
        }

        var policy = await PolicyAsync(duty.ScopeId, cancellationToken);
        var ownerZone = await ZoneOfAsync(duty.OwnerUserId, duty.TimeZone, cancellationToken);
        var leaderZone = await ZoneOfAsync(duty.LeaderUserId, duty.TimeZone, cancellationToken);
        var planned = ReminderPlanner.Plan(duty, policy, ownerZone, leaderZone, clock.GetUtcNow());
        await AddMissingAsync(planned.Select(p => new DutyReminder
        {
            DutyId = duty.Id,
            Stage = p.Stage,
            Occurrence = duty.DueVersion,
            Sequence = p.Sequence,
            RecipientUserId = p.ToLeader ? duty.LeaderUserId : 0,
            DueAt = p.DueAt,
        }), cancellationToken);
    }

    /// <summary>Plans one send now (or at <paramref name="at"/>): a notice, a help request, a snooze.</summary>
    public Task AddAsync(long dutyId, ReminderStage stage, int occurrence, int sequence, long recipientUserId, DateTimeOffset? at, string? payload, CancellationToken cancellationToken) =>
        AddMissingAsync([new DutyReminder
        {
            DutyId = dutyId,
            Stage = stage,
            Occurrence = occurrence,
            Sequence = sequence,
            RecipientUserId = recipientUserId,
            DueAt = at ?? clock.GetUtcNow(),
            Payload = payload,
        }], cancellationToken);

    /// <summary>Withdraws every send still planned for the duty (done, cancelled, or its deadline moved).</summary>
    public Task<int> CancelAsync(long dutyId, CancellationToken cancellationToken) =>
        Reminders.Where(r => r.DutyId == dutyId && r.State == ReminderState.Planned
                && r.Stage != ReminderStage.ExtensionAnswer && r.Stage != ReminderStage.Unreachable && r.Stage != ReminderStage.Cancelled)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, ReminderState.Cancelled), cancellationToken);

    /// <summary>
    /// Withdraws the planned sends that follow from the deadline, owner and leader (the reminders, the escalation,
    /// a snooze, the "new duty" notice) before an edited duty is planned afresh; requests waiting for the leader stay.
    /// Sent rows are history and are never touched. Returns how many "new duty" notices were still unsent.
    /// </summary>
    public async Task<int> VoidScheduleAsync(long dutyId, CancellationToken cancellationToken)
    {
        var unsentAssigned = await Reminders.CountAsync(r => r.DutyId == dutyId && r.State == ReminderState.Planned && r.Stage == ReminderStage.Assigned, cancellationToken);
        await Reminders.Where(r => r.DutyId == dutyId && r.State == ReminderState.Planned && ScheduleStages.Contains(r.Stage))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, ReminderState.Cancelled), cancellationToken);
        return unsentAssigned;
    }

    /// <summary>A new leader inherits the help and extension requests the old one has not been sent yet (none: they lapse).</summary>
    public Task<int> RetargetLeaderRequestsAsync(long dutyId, long oldLeaderId, long newLeaderId, CancellationToken cancellationToken)
    {
        var waiting = Reminders.Where(r => r.DutyId == dutyId && r.State == ReminderState.Planned && r.RecipientUserId == oldLeaderId
            && (r.Stage == ReminderStage.HelpRequest || r.Stage == ReminderStage.ExtensionRequest));
        return newLeaderId == 0
            ? waiting.ExecuteUpdateAsync(u => u.SetProperty(r => r.State, ReminderState.Cancelled), cancellationToken)
            : waiting.ExecuteUpdateAsync(u => u.SetProperty(r => r.RecipientUserId, newLeaderId), cancellationToken);
    }

    private async Task AddMissingAsync(IEnumerable<DutyReminder> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            var exists = await Reminders.AnyAsync(r => r.DutyId == row.DutyId && r.Stage == row.Stage && r.Occurrence == row.Occurrence
                && r.Sequence == row.Sequence && r.RecipientUserId == row.RecipientUserId, cancellationToken);
            if (exists)
            {
                continue;
            }

            Reminders.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Planned concurrently (another instance, a repeated click): the unique key kept one.
            }

            db.Entry(row).State = EntityState.Detached;
        }
    }
}
