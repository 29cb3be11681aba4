using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>How an answer or a check-in went.</summary>
internal enum AnswerOutcome
{
    Changed,
    Unchanged,
    NotFound,
    NotExpected,
    Closed,
    PastDeadline,
    ReasonRequired,
    CheckInNotOpen,
    CheckInOver,
    Cancelled,
}

/// <summary>Live counts of a meeting: 应到 / 报名 / 请假 / 已签到.</summary>
internal sealed record MeetingCounts(int Expected, int Attending, int OnLeave, int CheckedIn);

/// <summary>One line of a roster: the person and their state.</summary>
internal sealed record RosterLine(
    long UserId, string Name, AttendanceResponse Response, string? LeaveReason, DateTimeOffset? CheckedInAt, AttendanceOutcome Outcome,
    DateTimeOffset? MakeUpDoneAt = null, string? MakeUpNote = null)
{
    public bool WasPresent => CheckedInAt is not null || Outcome == AttendanceOutcome.Present;
}

/// <summary>
/// The meeting tables. Every answer is a single conditional UPDATE of the attendee's one row, so concurrent
/// answers never lose each other, an identical repeated answer changes nothing (no audit row, no card update),
/// and an answer racing the close loses. SQLite's busy errors are retried.
/// </summary>
internal sealed partial class MeetingStore(BotDbContext db, AttendanceWriteGate gate, TimeProvider clock, ILogger<MeetingStore> logger)
{
    private const int MaxAttempts = 8;

    public Task<Meeting?> FindAsync(long meetingId, CancellationToken cancellationToken) =>
        db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);

    /// <summary>Stores a meeting and its expected attendees (user ids, distinct) in one transaction.</summary>
    public async Task<Meeting> CreateAsync(Meeting meeting, IReadOnlyCollection<long> attendeeIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        await RetryAsync(async () =>
        {
            db.ChangeTracker.Clear();
            meeting.Id = 0;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Set<Meeting>().Add(meeting);
            await db.SaveChangesAsync(cancellationToken);
            db.Set<MeetingAttendee>().AddRange(attendeeIds.Distinct().Select(id => new MeetingAttendee { MeetingId = meeting.Id, UserId = id }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
        db.ChangeTracker.Clear();
        return meeting;
    }

    public Task SetCardAsync(long meetingId, string conversationId, string? activityId, CancellationToken cancellationToken) =>
        RetryAsync(() => db.Set<Meeting>().Where(m => m.Id == meetingId)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.ConversationId, conversationId).SetProperty(m => m.CardActivityId, activityId), cancellationToken), cancellationToken);

    /// <summary>Attend or leave; the last answer before the deadline wins.</summary>
    public async Task<AnswerOutcome> RespondAsync(long meetingId, long userId, AttendanceResponse response, string? reason, CancellationToken cancellationToken)
    {
        reason = response == AttendanceResponse.Leave ? reason?.Trim() : null;
        if (response == AttendanceResponse.Leave && string.IsNullOrEmpty(reason))
        {
            return AnswerOutcome.ReasonRequired;
        }

        if (reason is { Length: > 500 })
        {
            reason = reason[..500];
        }

        var meeting = await FindAsync(meetingId, cancellationToken);
        var now = clock.GetUtcNow();
        if (meeting is null)
        {
            return AnswerOutcome.NotFound;
        }

        if (meeting.CancelledAt is not null)
        {
            return AnswerOutcome.Cancelled;
        }

        if (meeting.ClosedAt is not null)
        {
            return AnswerOutcome.Closed;
        }

        if (now > meeting.RespondBy)
        {
            return AnswerOutcome.PastDeadline;
        }

        return await ChangeAsync(meetingId, userId, "respond", response, reason,
            attendees => attendees.Where(a => a.Response != response || a.LeaveReason != reason)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Response, response).SetProperty(a => a.LeaveReason, reason).SetProperty(a => a.RespondedAt, now), cancellationToken),
            now, cancellationToken);
    }

    /// <summary>Checks a person in; a second check-in changes nothing.</summary>
    public async Task<AnswerOutcome> CheckInAsync(long meetingId, long userId, CancellationToken cancellationToken)
    {
        var meeting = await FindAsync(meetingId, cancellationToken);
        var now = clock.GetUtcNow();
        if (meeting is null)
        {
            return AnswerOutcome.NotFound;
        }

        if (meeting.CancelledAt is not null)
        {
            return AnswerOutcome.Cancelled;
        }

        if (meeting.ClosedAt is not null)
        {
            return AnswerOutcome.Closed;
        }

        if (now < meeting.CheckInOpensAt)
        {
            return AnswerOutcome.CheckInNotOpen;
        }

        if (now > meeting.EndsAt)
        {
            return AnswerOutcome.CheckInOver;
        }

        return await ChangeAsync(meetingId, userId, "check-in", AttendanceResponse.None, null,
            attendees => attendees.Where(a => a.CheckedInAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.CheckedInAt, now), cancellationToken),
            now, cancellationToken);
    }

    /// <summary>
    /// Closes the meeting and records each attendee's outcome; false when it was already closed, was cancelled or
    /// has not started yet (closing before the start would record everyone absent). The conditional UPDATE is the
    /// claim: of two closers (a secretary and the automation, or two instances) exactly one gets the row.
    /// </summary>
    /// <param name="closedBy">The person who closed it; null for the automatic close.</param>
    public async Task<bool> CloseAsync(long meetingId, long? closedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await RetryAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var closed = await db.Set<Meeting>().Where(m => m.Id == meetingId && m.ClosedAt == null && m.CancelledAt == null && m.StartsAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.ClosedAt, now).SetProperty(m => m.ClosedByUserId, closedBy), cancellationToken);
            if (closed == 0)
            {
                return false;
            }

            var attendees = db.Set<MeetingAttendee>().Where(a => a.MeetingId == meetingId);
            await attendees.Where(a => a.CheckedInAt != null).ExecuteUpdateAsync(u => u.SetProperty(a => a.Outcome, AttendanceOutcome.Present), cancellationToken);
            await attendees.Where(a => a.CheckedInAt == null && a.Response == AttendanceResponse.Leave)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Outcome, AttendanceOutcome.Leave), cancellationToken);
            await attendees.Where(a => a.CheckedInAt == null && a.Response != AttendanceResponse.Leave)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Outcome, AttendanceOutcome.Absent), cancellationToken);
            db.Set<AttendanceAuditEntry>().Add(new AttendanceAuditEntry { MeetingId = meetingId, UserId = closedBy ?? 0, Action = closedBy is null ? "auto-close" : "close", At = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Open meetings that ended at or before <paramref name="endedBy"/>, earliest end first.</summary>
    public async Task<IReadOnlyList<Meeting>> EndedButOpenAsync(DateTimeOffset endedBy, int max, CancellationToken cancellationToken) =>
        await db.Set<Meeting>().AsNoTracking().Where(m => m.ClosedAt == null && m.CancelledAt == null && m.EndsAt <= endedBy)
            .OrderBy(m => m.EndsAt).Take(max).ToListAsync(cancellationToken);

    /// <summary>
    /// Open meetings without their automatic reminder whose deadline is still ahead but no later than
    /// <paramref name="deadlineBy"/>, announced no later than <paramref name="postedBy"/> (members who just got the card are not chased).
    /// </summary>
    public async Task<IReadOnlyList<Meeting>> DueForAutoReminderAsync(DateTimeOffset deadlineBy, DateTimeOffset postedBy, int max, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.ClosedAt == null && m.CancelledAt == null && m.AutoRemindedAt == null && m.RespondBy > now && m.RespondBy <= deadlineBy && m.CreatedAt <= postedBy)
            .OrderBy(m => m.RespondBy).Take(max).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Records that the automatic reminder goes out now; false when it already did (an earlier pass, another
    /// instance) or the meeting was closed meanwhile. Claimed before sending, so it is sent at most once.
    /// </summary>
    public async Task<bool> ClaimAutoReminderAsync(long meetingId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await RetryAsync(() => db.Set<Meeting>().Where(m => m.Id == meetingId && m.AutoRemindedAt == null && m.ClosedAt == null && m.CancelledAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.AutoRemindedAt, now), cancellationToken), cancellationToken);
        return claimed == 1;
    }

    public async Task<MeetingCounts> CountAsync(long meetingId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<MeetingAttendee>().AsNoTracking().Where(a => a.MeetingId == meetingId)
            .GroupBy(a => a.MeetingId)
            .Select(g => new MeetingCounts(
                g.Count(),
                g.Count(a => a.Response == AttendanceResponse.Attend),
                g.Count(a => a.Response == AttendanceResponse.Leave),
                g.Count(a => a.CheckedInAt != null)))
            .FirstOrDefaultAsync(cancellationToken);
        return rows ?? new MeetingCounts(0, 0, 0, 0);
    }

    public Task<MeetingAttendee?> AttendeeAsync(long meetingId, long userId, CancellationToken cancellationToken) =>
        db.Set<MeetingAttendee>().AsNoTracking().FirstOrDefaultAsync(a => a.MeetingId == meetingId && a.UserId == userId, cancellationToken);

    /// <summary>Teams ids of the expected attendees (for the card's refresh list).</summary>
    public async Task<IReadOnlyList<string>> AttendeeTeamsIdsAsync(long meetingId, int max, CancellationToken cancellationToken) =>
        await db.Set<MeetingAttendee>().AsNoTracking().Where(a => a.MeetingId == meetingId)
            .Join(db.Users.AsNoTracking(), a => a.UserId, u => u.Id, (a, u) => u.TeamsId)
            .Take(max).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RosterLine>> RosterAsync(long meetingId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<MeetingAttendee>().AsNoTracking().Where(a => a.MeetingId == meetingId)
            .Join(db.Users.AsNoTracking(), a => a.UserId, u => u.Id, (a, u) => new RosterLine(u.Id, u.Name, a.Response, a.LeaveReason, a.CheckedInAt, a.Outcome, a.MakeUpDoneAt, a.MakeUpNote))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>Attendees who have not answered and not checked in, for reminders; <paramref name="except"/> (the organiser, whoever asked) are left out.</summary>
    public async Task<IReadOnlyList<UserProfile>> UnansweredAsync(long meetingId, IReadOnlyCollection<long> except, CancellationToken cancellationToken)
    {
        var skip = except.ToList();
        return await db.Set<MeetingAttendee>().AsNoTracking()
            .Where(a => a.MeetingId == meetingId && !skip.Contains(a.UserId) && a.Response == AttendanceResponse.None && a.CheckedInAt == null)
            .Join(db.Users.AsNoTracking(), a => a.UserId, u => u.Id, (a, u) => u)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Meetings of a scope starting within [from, to); cancelled ones are not there (they never happened).</summary>
    public async Task<IReadOnlyList<Meeting>> InScopeAsync(long scopeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.ScopeId == scopeId && m.CancelledAt == null && m.StartsAt >= from && m.StartsAt < to)
            .OrderBy(m => m.StartsAt).ToListAsync(cancellationToken);

    /// <summary>A person's meetings that have started (newest first) with their row; cancelled ones are left out.</summary>
    public async Task<IReadOnlyList<(Meeting Meeting, MeetingAttendee Attendee)>> HistoryAsync(long userId, long? scopeId, int take, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Set<MeetingAttendee>().AsNoTracking().Where(a => a.UserId == userId)
            .Join(db.Set<Meeting>().AsNoTracking(), a => a.MeetingId, m => m.Id, (a, m) => new { Meeting = m, Attendee = a })
            .Where(r => (scopeId == null || r.Meeting.ScopeId == scopeId) && r.Meeting.CancelledAt == null && r.Meeting.StartsAt <= now)
            .OrderByDescending(r => r.Meeting.StartsAt).Take(take).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Meeting, r.Attendee))];
    }

    /// <summary>A person's meetings that are neither closed nor cancelled (soonest first) with their row.</summary>
    public async Task<IReadOnlyList<(Meeting Meeting, MeetingAttendee Attendee)>> UpcomingAsync(long userId, long? scopeId, int take, CancellationToken cancellationToken)
    {
        var rows = await db.Set<MeetingAttendee>().AsNoTracking().Where(a => a.UserId == userId)
            .Join(db.Set<Meeting>().AsNoTracking(), a => a.MeetingId, m => m.Id, (a, m) => new { Meeting = m, Attendee = a })
            .Where(r => (scopeId == null || r.Meeting.ScopeId == scopeId) && r.Meeting.ClosedAt == null && r.Meeting.CancelledAt == null)
            .OrderBy(r => r.Meeting.StartsAt).Take(take).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Meeting, r.Attendee))];
    }

    /// <summary>
    /// Meetings neither closed nor cancelled that a person manages: those of <paramref name="secretaryOf"/> and those
    /// they organised, limited to <paramref name="onlyScope"/> when given; soonest first.
    /// </summary>
    public async Task<IReadOnlyList<Meeting>> OpenManagedAsync(long userId, IReadOnlyCollection<long> secretaryOf, long? onlyScope, int take, CancellationToken cancellationToken)
    {
        var ids = secretaryOf.ToList();
        return await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.ClosedAt == null && m.CancelledAt == null && (ids.Contains(m.ScopeId) || m.OrganizerUserId == userId)
                && (onlyScope == null || m.ScopeId == onlyScope))
            .OrderBy(m => m.StartsAt).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Changes what was announced (title, type, place, times) of an open meeting; false when it is closed or
    /// cancelled meanwhile, or when nothing differs (a repeated submit changes nothing and tells nobody twice).
    /// </summary>
    public async Task<bool> EditAsync(Meeting changed, long actorUserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var now = clock.GetUtcNow();
        return await RetryAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await db.Set<Meeting>()
                .Where(m => m.Id == changed.Id && m.ClosedAt == null && m.CancelledAt == null
                    && (m.Title != changed.Title || m.Type != changed.Type || m.IsVoting != changed.IsVoting || m.Place != changed.Place || m.StartsAt != changed.StartsAt
                        || m.EndsAt != changed.EndsAt || m.RespondBy != changed.RespondBy))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.Title, changed.Title).SetProperty(m => m.Type, changed.Type).SetProperty(m => m.IsVoting, changed.IsVoting).SetProperty(m => m.Place, changed.Place)
                    .SetProperty(m => m.StartsAt, changed.StartsAt).SetProperty(m => m.EndsAt, changed.EndsAt)
                    .SetProperty(m => m.RespondBy, changed.RespondBy).SetProperty(m => m.CheckInOpensAt, changed.CheckInOpensAt), cancellationToken);
            if (rows == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            db.Set<AttendanceAuditEntry>().Add(new AttendanceAuditEntry { MeetingId = changed.Id, UserId = actorUserId, Action = "edit", At = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Calls an open meeting off; false when it was already cancelled or closed (so members are told once).</summary>
    public async Task<bool> CancelAsync(long meetingId, long actorUserId, string? reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        reason = reason?.Trim() is { Length: > 0 } r ? r[..Math.Min(r.Length, 500)] : null;
        return await RetryAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await db.Set<Meeting>().Where(m => m.Id == meetingId && m.ClosedAt == null && m.CancelledAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.CancelledAt, now).SetProperty(m => m.CancelledByUserId, actorUserId).SetProperty(m => m.CancelReason, reason), cancellationToken);
            if (rows == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            db.Set<AttendanceAuditEntry>().Add(new AttendanceAuditEntry { MeetingId = meetingId, UserId = actorUserId, Action = "cancel", Reason = reason, At = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Every attendee row of the given meetings with the person's name.</summary>
    public async Task<IReadOnlyList<(long MeetingId, RosterLine Line)>> RostersAsync(IReadOnlyCollection<long> meetingIds, CancellationToken cancellationToken)
    {
        var ids = meetingIds.ToList();
        var rows = await db.Set<MeetingAttendee>().AsNoTracking().Where(a => ids.Contains(a.MeetingId))
            .Join(db.Users.AsNoTracking(), a => a.UserId, u => u.Id, (a, u) => new { a.MeetingId, Line = new RosterLine(u.Id, u.Name, a.Response, a.LeaveReason, a.CheckedInAt, a.Outcome, a.MakeUpDoneAt, a.MakeUpNote) })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Line.Name, StringComparer.Ordinal).Select(r => (r.MeetingId, r.Line))];
    }

    public async Task<int> AuditCountAsync(long meetingId, CancellationToken cancellationToken) =>
        await db.Set<AttendanceAuditEntry>().CountAsync(a => a.MeetingId == meetingId, cancellationToken);

    // Write first (the conditional UPDATE), read only when nothing changed: a read-then-write transaction on
    // SQLite could not be upgraded under contention.
    private async Task<AnswerOutcome> ChangeAsync(
        long meetingId, long userId, string action, AttendanceResponse response, string? reason,
        Func<IQueryable<MeetingAttendee>, Task<int>> update, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = await RetryAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await update(db.Set<MeetingAttendee>().Where(a => a.MeetingId == meetingId && a.UserId == userId
                && db.Set<Meeting>().Any(m => m.Id == meetingId && m.ClosedAt == null && m.CancelledAt == null)));
            if (rows == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            db.Set<AttendanceAuditEntry>().Add(new AttendanceAuditEntry { MeetingId = meetingId, UserId = userId, Action = action, Response = response, Reason = reason, At = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
        db.ChangeTracker.Clear();
        if (changed)
        {
            return AnswerOutcome.Changed;
        }

        var attendee = await AttendeeAsync(meetingId, userId, cancellationToken);
        if (attendee is null)
        {
            return AnswerOutcome.NotExpected;
        }

        var meeting = await FindAsync(meetingId, cancellationToken);
        return meeting?.CancelledAt is not null ? AnswerOutcome.Cancelled : meeting?.ClosedAt is not null ? AnswerOutcome.Closed : AnswerOutcome.Unchanged;
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var _ = await gate.EnterAsync(db, cancellationToken);
                return await work();
            }
            catch (Exception e) when (attempt < MaxAttempts && StoreCapabilities.IsBusy(e))
            {
                db.ChangeTracker.Clear();
                LogBusy(logger, attempt);
                // Jittered back-off; TimeProvider keeps it testable.
                await Task.Delay(TimeSpan.FromMilliseconds((10 << Math.Min(attempt, 6)) + Random.Shared.Next(0, 20)), clock, cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "The store was busy (attempt {Attempt}); retrying")]
    private static partial void LogBusy(ILogger logger, int attempt);
}

/// <summary>
/// SQLite takes one writer at a time; writers that collide wait in its busy handler, which sleeps up to
/// 100 ms per try. Queueing this instance's writers here instead keeps a burst of answers fast; other
/// instances (and PostgreSQL, which needs no gate) are still covered by the busy timeout and the retries.
/// </summary>
internal sealed class AttendanceWriteGate(StoreCapabilities store) : IDisposable
{
    private readonly SemaphoreSlim _singleWriter = new(1, 1);

    public void Dispose() => _singleWriter.Dispose();

    public async Task<IDisposable?> EnterAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        if (!store.SingleWriter)
        {
            return null;
        }

        await _singleWriter.WaitAsync(cancellationToken);
        try
        {
            await store.PrepareForWritesAsync(db, cancellationToken);
        }
        catch
        {
            _singleWriter.Release();
            throw;
        }

        return new Release(_singleWriter);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
