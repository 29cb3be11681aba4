using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>Meeting records, probationary members and 补课 in the store.</summary>
internal sealed class RecordStore(BotDbContext db, AttachmentStore attachments, TimeProvider clock)
{
    public Task<MeetingRecord?> FindAsync(long meetingId, CancellationToken cancellationToken) =>
        db.Set<MeetingRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.MeetingId == meetingId, cancellationToken);

    /// <summary>Writes the record (the last save wins: it is one form, filled by one or two people).</summary>
    public async Task SaveAsync(MeetingRecord record, long byUserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var updated = await db.Set<MeetingRecord>().Where(r => r.MeetingId == record.MeetingId).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Topics, record.Topics).SetProperty(r => r.HostUserId, record.HostUserId)
                .SetProperty(r => r.RecorderUserId, record.RecorderUserId).SetProperty(r => r.Minutes, record.Minutes)
                .SetProperty(r => r.Decisions, record.Decisions).SetProperty(r => r.UpdatedAt, now).SetProperty(r => r.UpdatedByUserId, byUserId), cancellationToken);
            if (updated == 1)
            {
                return;
            }

            try
            {
                record.UpdatedAt = now;
                record.UpdatedByUserId = byUserId;
                db.Set<MeetingRecord>().Add(record);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Someone else created it a moment ago: update theirs.
            }
        }
    }

    /// <summary>The record views of several meetings (a period's ledger), from their already loaded rosters.</summary>
    public async Task<IReadOnlyList<RecordView>> ViewsAsync(IReadOnlyList<LedgerMeeting> ledger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var ids = ledger.Select(l => l.Meeting.Id).ToList();
        var saved = await db.Set<MeetingRecord>().AsNoTracking().Where(r => ids.Contains(r.MeetingId)).ToDictionaryAsync(r => r.MeetingId, cancellationToken);
        var probationary = new Dictionary<long, IReadOnlySet<long>>();
        foreach (var scope in ledger.Select(l => l.Meeting.ScopeId).Distinct())
        {
            probationary[scope] = await ProbationaryAsync(scope, cancellationToken);
        }

        var files = await attachments.ListAsync(ids, cancellationToken);
        return [.. ledger.Select(l => new RecordView(l.Meeting, saved.GetValueOrDefault(l.Meeting.Id), l.People, probationary[l.Meeting.ScopeId], files.GetValueOrDefault(l.Meeting.Id)))];
    }

    /// <summary>Ids of the scope's probationary members (预备党员).</summary>
    public async Task<IReadOnlySet<long>> ProbationaryAsync(long scopeId, CancellationToken cancellationToken) =>
        (await db.Set<BranchMember>().AsNoTracking().Where(m => m.ScopeId == scopeId && m.IsProbationary).Select(m => m.UserId).ToListAsync(cancellationToken)).ToHashSet();

    public async Task SetProbationaryAsync(long scopeId, long userId, bool probationary, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var updated = await db.Set<BranchMember>().Where(m => m.ScopeId == scopeId && m.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.IsProbationary, probationary).SetProperty(m => m.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            try
            {
                db.Set<BranchMember>().Add(new BranchMember { ScopeId = scopeId, UserId = userId, IsProbationary = probationary, UpdatedAt = now });
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Set by a simultaneous command; the retry of the update carries this one's value.
                db.ChangeTracker.Clear();
                await db.Set<BranchMember>().Where(m => m.ScopeId == scopeId && m.UserId == userId)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.IsProbationary, probationary).SetProperty(m => m.UpdatedAt, now), cancellationToken);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Confirms someone's 补课 of a closed meeting they were on leave for; false when there is no such item or it was already done.</summary>
    public async Task<bool> CompleteMakeUpAsync(long meetingId, long userId, string note, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        note = note.Trim() is { Length: > 500 } long_ ? long_[..500] : note.Trim();
        return await db.Set<MeetingAttendee>()
            .Where(a => a.MeetingId == meetingId && a.UserId == userId && a.Outcome == AttendanceOutcome.Leave && a.MakeUpDoneAt == null
                && db.Set<Meeting>().Any(m => m.Id == meetingId && m.ClosedAt != null && m.CancelledAt == null))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.MakeUpDoneAt, now).SetProperty(a => a.MakeUpNote, note), cancellationToken) == 1;
    }

    /// <summary>A person's open 补课 items: closed meetings they were on leave for and have not made up, newest first.</summary>
    public async Task<IReadOnlyList<(Meeting Meeting, MeetingAttendee Attendee)>> PendingMakeUpsAsync(long userId, int take, CancellationToken cancellationToken)
    {
        var rows = await db.Set<MeetingAttendee>().AsNoTracking()
            .Where(a => a.UserId == userId && a.Outcome == AttendanceOutcome.Leave && a.MakeUpDoneAt == null)
            .Join(db.Set<Meeting>().AsNoTracking(), a => a.MeetingId, m => m.Id, (a, m) => new { Meeting = m, Attendee = a })
            .Where(r => r.Meeting.ClosedAt != null && r.Meeting.CancelledAt == null)
            .OrderByDescending(r => r.Meeting.StartsAt).Take(take).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Meeting, r.Attendee))];
    }
}
