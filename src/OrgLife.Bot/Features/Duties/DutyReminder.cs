namespace OrgLife.Bot.Features.Duties;

internal enum ReminderStage
{
    Before = 0,
    DueDay = 1,
    Overdue = 2,
    Escalation = 3,
    Snoozed = 4,
    Digest = 5,
    HelpRequest = 6,
    ExtensionRequest = 7,
    ExtensionAnswer = 8,
    Unreachable = 9,
    Assigned = 10,
    CatchUpSummary = 11,
    /// <summary>Tells the owner, once, that the duty was cancelled and by whom (payload: the canceller's name).</summary>
    Cancelled = 12,
    /// <summary>The leader's answer to a help request, to the owner (payload: the answer).</summary>
    HelpAnswer = 13,
}

internal enum ReminderState
{
    Planned = 0,
    Sent = 1,
    /// <summary>No longer relevant (done, cancelled, rescheduled, a reminder already went out that day).</summary>
    Cancelled = 2,
    /// <summary>Older than the catch-up window after downtime: folded into one summary message.</summary>
    Summarised = 3,
    Unreachable = 4,
}

/// <summary>
/// A planned send, stored so a restart loses nothing. (DutyId, Stage, Occurrence, Sequence, RecipientUserId)
/// is unique, which makes planning idempotent; instances claim due rows with a lease before sending.
/// </summary>
internal sealed class DutyReminder
{
    public long Id { get; set; }
    /// <summary>0 for sends about no single duty (the weekly digest).</summary>
    public long DutyId { get; set; }
    public ReminderStage Stage { get; set; }
    /// <summary>The duty's <see cref="Duty.DueVersion"/> (or the ISO week, yyyyww, for digests).</summary>
    public int Occurrence { get; set; }
    /// <summary>Days before due, the n-th overdue reminder, the n-th snooze…</summary>
    public int Sequence { get; set; }
    /// <summary>0 = the duty's owner at send time; otherwise the person to tell (leader, creator).</summary>
    public long RecipientUserId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public ReminderState State { get; set; }
    public int Attempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Where the card landed, so actions can update it in place.</summary>
    public string? ConversationId { get; set; }
    public string? ActivityId { get; set; }
    /// <summary>Stage-specific content: the duty ids a catch-up summary covers, a help message…</summary>
    public string? Payload { get; set; }
}
