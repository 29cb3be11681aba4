namespace OrgLife.Bot.Features.Attendance;

/// <summary>Kinds of meeting of 三会一课 and 主题党日; the names are stored, so never rename a member.</summary>
internal enum MeetingType
{
    /// <summary>党员大会.</summary>
    PartyCongress = 0,
    /// <summary>支委会.</summary>
    BranchCommittee = 1,
    /// <summary>党小组会.</summary>
    PartyGroup = 2,
    /// <summary>党课.</summary>
    PartyLecture = 3,
    /// <summary>主题党日.</summary>
    ThemedPartyDay = 4,
    Other = 5,
}

/// <summary>What a person answered before the deadline.</summary>
internal enum AttendanceResponse
{
    None = 0,
    Attend = 1,
    Leave = 2,
}

/// <summary>What the ledger records once the meeting is closed.</summary>
internal enum AttendanceOutcome
{
    Pending = 0,
    Present = 1,
    Leave = 2,
    Absent = 3,
}

/// <summary>A meeting announced in a conversation, with its expected attendees.</summary>
internal sealed class Meeting
{
    public long Id { get; set; }
    public long ScopeId { get; set; }
    public long OrganizerUserId { get; set; }
    public MeetingType Type { get; set; }
    public string Title { get; set; } = "";
    /// <summary>Room, address or online link.</summary>
    public string Place { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>Answers (attend / leave) are taken until then.</summary>
    public DateTimeOffset RespondBy { get; set; }
    /// <summary>Check-in opens then (a configurable time before the start) and closes at the end.</summary>
    public DateTimeOffset CheckInOpensAt { get; set; }
    /// <summary>Conversation the meeting card was posted in (without a thread suffix).</summary>
    public string ConversationId { get; set; } = "";
    /// <summary>Id of the posted meeting card; null when the channel gave none (no shared updates then).</summary>
    public string? CardActivityId { get; set; }
    /// <summary>Language and time zone of the shared card: the organiser's at creation.</summary>
    public string Locale { get; set; } = "zh-CN";
    public string TimeZone { get; set; } = "Asia/Shanghai";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Who closed it; null when it was closed automatically after its end.</summary>
    public long? ClosedByUserId { get; set; }
    /// <summary>When the automatic reminder of non-responders went out (set once, by whichever instance claimed it).</summary>
    public DateTimeOffset? AutoRemindedAt { get; set; }
    /// <summary>Set once when the meeting is called off: it then never counts in statistics, rates or the automation.</summary>
    public DateTimeOffset? CancelledAt { get; set; }
    public long? CancelledByUserId { get; set; }
    public string? CancelReason { get; set; }
    /// <summary>A 党员大会 that votes (admitting a member, elections): it needs more than half of the members with a vote present.</summary>
    public bool IsVoting { get; set; }
    /// <summary>Unguessable token of the meeting's .ics link (null for meetings from before calendar links).</summary>
    public string? CalendarToken { get; set; }

    public bool IsOpen => ClosedAt is null && CancelledAt is null;
}

/// <summary>One expected attendee of a meeting: exactly one row per (meeting, user).</summary>
internal sealed class MeetingAttendee
{
    public long MeetingId { get; set; }
    public long UserId { get; set; }
    public AttendanceResponse Response { get; set; }
    public string? LeaveReason { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    public AttendanceOutcome Outcome { get; set; }
    /// <summary>补课 of someone on leave: when they confirmed having studied the minutes and materials, and their note.</summary>
    public DateTimeOffset? MakeUpDoneAt { get; set; }
    public string? MakeUpNote { get; set; }
}

/// <summary>An append-only trail of every change of an attendee's state (not of repeated identical clicks).</summary>
internal sealed class AttendanceAuditEntry
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long UserId { get; set; }
    /// <summary>respond, check-in or close.</summary>
    public string Action { get; set; } = "";
    public AttendanceResponse Response { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset At { get; set; }
}
