using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>How adding a file to a meeting went.</summary>
internal enum AttachOutcome
{
    Added,
    Duplicate,
    Full,
}

/// <summary>Meeting attachments and the "send the files now" prompts in the store.</summary>
internal sealed class AttachmentStore(BotDbContext db, TimeProvider clock, IOptions<AttendanceOptions> options)
{
    // Files sent without saying which meeting wait this long for the sender's choice.
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromHours(1);

    /// <summary>Keeps a file for a meeting (or, with no meeting, until the sender chooses one).</summary>
    public async Task<AttachOutcome> AddAsync(long? meetingId, long userId, string fileName, AttachmentFormat format, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(content);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var set = db.Set<MeetingAttachment>();
        if (meetingId is { } id)
        {
            if (await set.AnyAsync(a => a.MeetingId == id && a.Sha256 == hash, cancellationToken))
            {
                return AttachOutcome.Duplicate;
            }

            if (await set.CountAsync(a => a.MeetingId == id, cancellationToken) >= options.Value.MaxAttachmentsPerMeeting)
            {
                return AttachOutcome.Full;
            }
        }

        var row = new MeetingAttachment
        {
            MeetingId = meetingId, UploadedByUserId = userId, FileName = fileName, ContentType = format.ContentType,
            Size = content.Length, Sha256 = hash, Content = content, UploadedAt = clock.GetUtcNow(),
        };
        set.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(row).State = EntityState.Detached;
        return AttachOutcome.Added;
    }

    /// <summary>Moves the person's recent files that wait for a meeting to <paramref name="meetingId"/>; how many moved, and how many were already there or did not fit.</summary>
    public async Task<(int Moved, int Skipped)> AssignPendingAsync(long userId, long meetingId, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - PendingLifetime;
        var set = db.Set<MeetingAttachment>();
        var pending = await set.Where(a => a.MeetingId == null && a.UploadedByUserId == userId && a.UploadedAt >= since)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.Sha256 }).ToListAsync(cancellationToken);
        var present = (await set.Where(a => a.MeetingId == meetingId).Select(a => a.Sha256).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var room = options.Value.MaxAttachmentsPerMeeting - present.Count;
        var moved = 0;
        foreach (var file in pending)
        {
            if (moved >= room || !present.Add(file.Sha256))
            {
                continue;
            }

            // Conditional: a second click (or instance) finds the file already moved.
            moved += await set.Where(a => a.Id == file.Id && a.MeetingId == null).ExecuteUpdateAsync(u => u.SetProperty(a => a.MeetingId, meetingId), cancellationToken);
        }

        await set.Where(a => a.MeetingId == null && (a.UploadedByUserId == userId || a.UploadedAt < since)).ExecuteDeleteAsync(cancellationToken);
        return (moved, pending.Count - moved);
    }

    /// <summary>Drops the person's files that wait for a meeting (and everyone's expired ones).</summary>
    public Task DropPendingAsync(long userId, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - PendingLifetime;
        return db.Set<MeetingAttachment>().Where(a => a.MeetingId == null && (a.UploadedByUserId == userId || a.UploadedAt < since)).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AttachmentLine>> ListAsync(long meetingId, CancellationToken cancellationToken) =>
        await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.MeetingId == meetingId).OrderBy(a => a.Id)
            .Select(a => new AttachmentLine(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedByUserId, a.UploadedAt)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<AttachmentLine>>> ListAsync(IReadOnlyCollection<long> meetingIds, CancellationToken cancellationToken)
    {
        var rows = await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.MeetingId != null && meetingIds.Contains(a.MeetingId.Value)).OrderBy(a => a.Id)
            .Select(a => new { MeetingId = a.MeetingId!.Value, Line = new AttachmentLine(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedByUserId, a.UploadedAt) })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.MeetingId).ToDictionary(g => g.Key, g => (IReadOnlyList<AttachmentLine>)[.. g.Select(r => r.Line)]);
    }

    public async Task<IReadOnlyList<MeetingAttachment>> ContentsAsync(long meetingId, CancellationToken cancellationToken) =>
        await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.MeetingId == meetingId).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>Remembers that the person's next files go to <paramref name="meetingId"/> (replacing an earlier prompt).</summary>
    public async Task PromptAsync(long userId, long meetingId, CancellationToken cancellationToken)
    {
        var expires = clock.GetUtcNow() + options.Value.AttachmentPromptLifetime;
        var set = db.Set<AttachmentPrompt>();
        if (await set.Where(p => p.UserId == userId).ExecuteUpdateAsync(u => u.SetProperty(p => p.MeetingId, meetingId).SetProperty(p => p.ExpiresAt, expires), cancellationToken) == 1)
        {
            return;
        }

        try
        {
            set.Add(new AttachmentPrompt { UserId = userId, MeetingId = meetingId, ExpiresAt = expires });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same command twice at once: the other one's row says the same.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The meeting the person was asked to send files for, while the prompt lasts.</summary>
    public async Task<long?> PromptedMeetingAsync(long userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Set<AttachmentPrompt>().AsNoTracking().Where(p => p.UserId == userId && p.ExpiresAt > now)
            .Select(p => (long?)p.MeetingId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Meetings whose record the person may add files to, newest first: not cancelled, started within the last 60
    /// days or starting within a week, of a scope they are secretary of, organised by them, or recorded by them.
    /// </summary>
    public async Task<IReadOnlyList<Meeting>> RecordableAsync(long userId, IReadOnlyCollection<long> secretaryOf, int take, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = now - TimeSpan.FromDays(60);
        var to = now + TimeSpan.FromDays(7);
        var scopes = secretaryOf.ToList();
        var recorded = db.Set<MeetingRecord>().Where(r => r.RecorderUserId == userId).Select(r => r.MeetingId);
        return await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.CancelledAt == null && m.StartsAt >= from && m.StartsAt <= to
                && (scopes.Contains(m.ScopeId) || m.OrganizerUserId == userId || recorded.Contains(m.Id)))
            .OrderByDescending(m => m.StartsAt).Take(take).ToListAsync(cancellationToken);
    }
}
