namespace OrgLife.Bot.Features.Duties;

internal enum DutyStatus
{
    Pending = 0,
    InProgress = 1,
    Done = 2,
    Overdue = 3,
    /// <summary>Withdrawn by its creator, leader or a secretary: kept with its history, never reminded again.</summary>
    Cancelled = 4,
}

internal enum RecurrenceKind
{
    None = 0,
    Weekly = 1,
    Monthly = 2,
    Quarterly = 3,
    Yearly = 4,
}

/// <summary>
/// One occurrence of a duty on the responsibility list: who does it, which leader answers for it, and when it
/// is due. A recurring duty is a series of rows sharing <see cref="SeriesId"/>; completing one adds the next.
/// </summary>
internal sealed class Duty
{
    public long Id { get; set; }
    public long ScopeId { get; set; }
    /// <summary>Id of the first occurrence of the series (its own id for the first one).</summary>
    public long SeriesId { get; set; }
    public int Sequence { get; set; } = 1;
    /// <summary>The occurrence this one follows (unique: completing it twice cannot add two next ones).</summary>
    public long? FollowsDutyId { get; set; }
    public required string Title { get; set; }
    public string Detail { get; set; } = "";
    public string Category { get; set; } = "";
    public long OwnerUserId { get; set; }
    public long LeaderUserId { get; set; }
    public long CreatedByUserId { get; set; }
    /// <summary>The deadline, UTC.</summary>
    public DateTimeOffset DueAt { get; set; }
    /// <summary>IANA zone the deadline was entered in; reminders and recurrences are computed there.</summary>
    public required string TimeZone { get; set; }
    public RecurrenceKind Recurrence { get; set; }
    /// <summary>Day of month for monthly/quarterly/yearly series (the due date's day when created).</summary>
    public int RecurrenceDay { get; set; }
    public DutyStatus Status { get; set; }
    /// <summary>Bumped whenever the deadline, owner or leader changes, so reminders are planned afresh for the new schedule.</summary>
    public int DueVersion { get; set; } = 1;
    public int SnoozeCount { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Evidence { get; set; }
    /// <summary>An extension the owner asked for and the leader has not answered yet.</summary>
    public DateTimeOffset? RequestedDueAt { get; set; }
    public string? RequestReason { get; set; }
    /// <summary>The owner could not be reached (app not installed); the creator has been told.</summary>
    public DateTimeOffset? OwnerUnreachableAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsOpen => Status is not (DutyStatus.Done or DutyStatus.Cancelled);
}

/// <summary>The audit trail: one row per change of a duty (who, when, what).</summary>
internal sealed class DutyChange
{
    public long Id { get; set; }
    public long DutyId { get; set; }
    /// <summary>0 when the bot itself made the change (e.g. marked it overdue).</summary>
    public long UserId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>What happened: created, completed, extension-requested… (a resource key suffix).</summary>
    public required string Action { get; set; }
    /// <summary>Details in the language-neutral form they were entered (dates ISO, free text as typed).</summary>
    public string Detail { get; set; } = "";
}

/// <summary>Per-scope overrides of the reminder policy (null = the configured default).</summary>
internal sealed class DutyPolicyOverride
{
    public long ScopeId { get; set; }
    /// <summary>Days before the deadline to remind, comma separated ("3,1").</summary>
    public string? DaysBefore { get; set; }
    public TimeSpan? RemindAt { get; set; }
    public int? OverdueRepeats { get; set; }
    public int? EscalateAfterDays { get; set; }
    public TimeSpan? QuietFrom { get; set; }
    public TimeSpan? QuietUntil { get; set; }
    public bool? SkipWeekends { get; set; }
    public long UpdatedByUserId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
