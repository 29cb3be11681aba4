namespace OrgLife.Bot.Platform.Outbound;

internal enum OutboundState
{
    Queued,
    Sent,
    Unreachable,
    Failed,
}

/// <summary>
/// One proactive send to one recipient, stored before it is sent: a crash in the middle of a fan-out leaves the
/// rest queued, and whichever instance finds them sends them. <see cref="Key"/> is the send's idempotency key
/// (unique): queueing the same send twice stores it once. Sending and marking sent are two steps, so a crash
/// between them repeats at most the sends in flight.
/// </summary>
internal sealed class OutboundMessage
{
    public long Id { get; set; }
    public string Key { get; set; } = "";

    /// <summary>A person's 1:1 chat with the bot (opened when needed)…</summary>
    public long? RecipientUserId { get; set; }

    /// <summary>…or a stored conversation.</summary>
    public string? ConversationId { get; set; }

    /// <summary>Set when this send replaces a message sent earlier in <see cref="ConversationId"/>.</summary>
    public string? ReplacesActivityId { get; set; }

    /// <summary>The activity as JSON, composed when queued (in the recipient's language).</summary>
    public string Activity { get; set; } = "";

    public OutboundState State { get; set; }
    public DateTimeOffset NotBefore { get; set; }
    public int Attempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? SentConversationId { get; set; }
    public string? SentActivityId { get; set; }
}

/// <summary>What became of one send.</summary>
internal enum SendOutcome
{
    Sent,
    Unreachable,

    /// <summary>Throttled or a transient failure: it stays queued and goes out later.</summary>
    Requeued,
    Failed,

    /// <summary>Not this caller's to send (already sent, or leased by someone else).</summary>
    Skipped,
}
