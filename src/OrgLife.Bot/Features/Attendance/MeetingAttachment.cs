namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// A file kept with a meeting's record (photo, sign-in sheet scan, slides), sent to the bot in chat. The bytes live in
/// the store so any instance serves them; <see cref="MeetingId"/> is null while the sender has not yet said which
/// meeting the file belongs to (the bot asked).
/// </summary>
internal sealed class MeetingAttachment
{
    public long Id { get; set; }
    public long? MeetingId { get; set; }
    public long UploadedByUserId { get; set; }
    public string FileName { get; set; } = "";
    /// <summary>The type found in the file's first bytes, never the sender's claim.</summary>
    public string ContentType { get; set; } = "";
    public int Size { get; set; }
    /// <summary>SHA-256 of the content (hex): the same file sent twice to a meeting is kept once.</summary>
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>"附件 12" without a file: the next files this person sends before <see cref="ExpiresAt"/> go to that meeting.</summary>
internal sealed class AttachmentPrompt
{
    public long UserId { get; set; }
    public long MeetingId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>An attachment as a list shows it (no bytes).</summary>
internal sealed record AttachmentLine(long Id, string FileName, string ContentType, int Size, long UploadedByUserId, DateTimeOffset UploadedAt);
