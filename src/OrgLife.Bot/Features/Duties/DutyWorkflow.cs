using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Duties;

/// <summary>What a new duty needs; validated by the form or the import before it gets here.</summary>
internal sealed record DutyDraft(
    string Title,
    string Detail,
    string Category,
    long OwnerUserId,
    long LeaderUserId,
    DateTimeOffset DueAt,
    string TimeZone,
    RecurrenceKind Recurrence);

/// <summary>
/// Every change of a duty, each written to the audit trail and reflected in the planned sends: create, complete
/// (adding the next occurrence of a series), ask for help, ask for more time and the leader's answer, snooze.
/// Repeating a change (a card clicked twice, a retried delivery) changes nothing the second time.
/// </summary>
internal sealed class DutyWorkflow(BotDbContext db, DutySchedule schedule, TimeProvider clock)
{
    public const string Created = "Created";
    public const string Imported = "Imported";
    public const string Completed = "Completed";
    public const string HelpRequested = "HelpRequested";
    public const string ExtensionRequested = "ExtensionRequested";
    public const string ExtensionApproved = "ExtensionApproved";
    public const string ExtensionDeclined = "ExtensionDeclined";
    public const string Snoozed = "Snoozed";
    public const string BecameOverdue = "Overdue";
    public const string OwnerUnreachable = "OwnerUnreachable";

    private DbSet<Duty> Duties => db.Set<Duty>();

    public Task<Duty?> FindAsync(long id, CancellationToken cancellationToken) =>
        Duties.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Duty>> CreateAsync(long scopeId, long createdBy, IReadOnlyList<DutyDraft> drafts, string action, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var duties = drafts.Select(d => new Duty
        {
            ScopeId = scopeId,
            Title = d.Title,
            Detail = d.Detail,
            Category = d.Category,
            OwnerUserId = d.OwnerUserId,
            LeaderUserId = d.LeaderUserId,
            CreatedByUserId = createdBy,
            DueAt = d.DueAt,
            TimeZone = d.TimeZone,
            Recurrence = d.Recurrence,
            RecurrenceDay = LocalTime.ToLocal(d.DueAt, TimeZones.FindOr(d.TimeZone, TimeZoneInfo.Utc)).Day,
            Status = d.DueAt < now ? DutyStatus.Overdue : DutyStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();

        // One transaction: an import adds all its rows or none.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Duties.AddRange(duties);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var duty in duties)
        {
            duty.SeriesId = duty.Id;
            Audit(duty.Id, createdBy, action, duty.Title);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var duty in duties)
        {
            await schedule.PlanAsync(duty, cancellationToken);
            if (duty.OwnerUserId != createdBy)
            {
                await schedule.AddAsync(duty.Id, ReminderStage.Assigned, duty.DueVersion, 0, 0, null, null, cancellationToken);
            }
        }

        return duties;
    }

    /// <summary>Marks the duty done with its evidence; a recurring duty gets its next occurrence. Null when it was done already.</summary>
    public async Task<(bool Changed, Duty? Next)> CompleteAsync(Duty duty, long userId, string? evidence, CancellationToken cancellationToken)
    {
        if (!duty.IsOpen)
        {
            return (false, null);
        }

        var now = clock.GetUtcNow();
        duty.Status = DutyStatus.Done;
        duty.CompletedAt = now;
        duty.Evidence = string.IsNullOrWhiteSpace(evidence) ? null : Trim(evidence, 2000);
        duty.RequestedDueAt = null;
        duty.UpdatedAt = now;
        Audit(duty.Id, userId, Completed, duty.Evidence ?? "");
        await db.SaveChangesAsync(cancellationToken);
        await schedule.CancelAsync(duty.Id, cancellationToken);

        if (duty.Recurrence == RecurrenceKind.None)
        {
            return (true, null);
        }

        var next = new Duty
        {
            ScopeId = duty.ScopeId,
            SeriesId = duty.SeriesId,
            Sequence = duty.Sequence + 1,
            FollowsDutyId = duty.Id,
            Title = duty.Title,
            Detail = duty.Detail,
            Category = duty.Category,
            OwnerUserId = duty.OwnerUserId,
            LeaderUserId = duty.LeaderUserId,
            CreatedByUserId = duty.CreatedByUserId,
            DueAt = Recurrence.NextUtc(duty, TimeZones.FindOr(duty.TimeZone, TimeZoneInfo.Utc)),
            TimeZone = duty.TimeZone,
            Recurrence = duty.Recurrence,
            RecurrenceDay = duty.RecurrenceDay,
            Status = DutyStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Duties.Add(next);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The next occurrence exists already (completed concurrently).
            db.Entry(next).State = EntityState.Detached;
            return (true, null);
        }

        Audit(next.Id, userId, Created, duty.Title);
        await db.SaveChangesAsync(cancellationToken);
        await schedule.PlanAsync(next, cancellationToken);
        return (true, next);
    }

    public async Task RequestHelpAsync(Duty duty, long userId, string? message, CancellationToken cancellationToken)
    {
        duty.Status = duty.Status == DutyStatus.Pending ? DutyStatus.InProgress : duty.Status;
        duty.UpdatedAt = clock.GetUtcNow();
        var change = Audit(duty.Id, userId, HelpRequested, Trim(message ?? "", 500));
        await db.SaveChangesAsync(cancellationToken);
        if (duty.LeaderUserId != 0)
        {
            await schedule.AddAsync(duty.Id, ReminderStage.HelpRequest, duty.DueVersion, (int)change.Id, duty.LeaderUserId, null, change.Detail, cancellationToken);
        }
    }

    /// <summary>The owner asks for a later deadline; the leader answers on their card. False when nothing changed.</summary>
    public async Task<bool> RequestExtensionAsync(Duty duty, long userId, DateTimeOffset proposed, string? reason, CancellationToken cancellationToken)
    {
        if (!duty.IsOpen || duty.RequestedDueAt == proposed)
        {
            return false;
        }

        duty.RequestedDueAt = proposed;
        duty.RequestReason = string.IsNullOrWhiteSpace(reason) ? null : Trim(reason, 500);
        duty.UpdatedAt = clock.GetUtcNow();
        var change = Audit(duty.Id, userId, ExtensionRequested, proposed.ToString("O"));
        await db.SaveChangesAsync(cancellationToken);
        if (duty.LeaderUserId != 0)
        {
            await schedule.AddAsync(duty.Id, ReminderStage.ExtensionRequest, duty.DueVersion, (int)change.Id, duty.LeaderUserId, null, null, cancellationToken);
        }

        return true;
    }

    /// <summary>The leader approves (the deadline moves, reminders start over) or declines. False when no request was open.</summary>
    public async Task<bool> AnswerExtensionAsync(Duty duty, long leaderId, bool approve, CancellationToken cancellationToken)
    {
        if (duty.RequestedDueAt is not { } requested || !duty.IsOpen)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var change = Audit(duty.Id, leaderId, approve ? ExtensionApproved : ExtensionDeclined, requested.ToString("O"));
        if (approve)
        {
            duty.DueAt = requested;
            duty.DueVersion++;
            duty.Status = requested > now ? DutyStatus.InProgress : DutyStatus.Overdue;
        }

        duty.RequestedDueAt = null;
        duty.RequestReason = null;
        duty.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        if (approve)
        {
            await schedule.CancelAsync(duty.Id, cancellationToken);
            await schedule.PlanAsync(duty, cancellationToken);
        }

        await schedule.AddAsync(duty.Id, ReminderStage.ExtensionAnswer, duty.DueVersion, (int)change.Id, 0, null, approve ? "approved" : "declined", cancellationToken);
        return true;
    }

    /// <summary>"Remind me later": one more reminder on the next workday morning.</summary>
    public async Task<DateTimeOffset> SnoozeAsync(Duty duty, long userId, CancellationToken cancellationToken)
    {
        var policy = await schedule.PolicyAsync(duty.ScopeId, cancellationToken);
        var zone = await schedule.ZoneOfAsync(duty.OwnerUserId, duty.TimeZone, cancellationToken);
        var until = ReminderPlanner.SnoozeUntil(clock.GetUtcNow(), policy, zone);
        duty.SnoozeCount++;
        duty.UpdatedAt = clock.GetUtcNow();
        Audit(duty.Id, userId, Snoozed, until.ToString("O"));
        await db.SaveChangesAsync(cancellationToken);
        await schedule.AddAsync(duty.Id, ReminderStage.Snoozed, duty.DueVersion, duty.SnoozeCount, 0, until, null, cancellationToken);
        return until;
    }

    public async Task<IReadOnlyList<DutyChange>> HistoryAsync(long dutyId, CancellationToken cancellationToken) =>
        await db.Set<DutyChange>().AsNoTracking().Where(c => c.DutyId == dutyId).OrderBy(c => c.Id).ToListAsync(cancellationToken);

    public DutyChange Audit(long dutyId, long userId, string action, string detail)
    {
        var change = new DutyChange { DutyId = dutyId, UserId = userId, At = clock.GetUtcNow(), Action = action, Detail = detail };
        db.Set<DutyChange>().Add(change);
        return change;
    }

    private static string Trim(string text, int max) => text.Length <= max ? text.Trim() : text[..max].Trim();
}
