namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// The record (会议记录) of a meeting that took place: agenda, who chaired and who recorded, the minutes and the
/// decisions, entered after the meeting by the recorder or a secretary. Attendance itself stays in the attendee rows.
/// </summary>
internal sealed class MeetingRecord
{
    public long MeetingId { get; set; }
    /// <summary>议题, one per line.</summary>
    public string Topics { get; set; } = "";
    /// <summary>主持人 and 记录人: people of the meeting's list (null until chosen).</summary>
    public long? HostUserId { get; set; }
    public long? RecorderUserId { get; set; }
    public string Minutes { get; set; } = "";
    public string Decisions { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public long UpdatedByUserId { get; set; }

    public IReadOnlyList<string> TopicList => [.. Topics.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>
/// A branch's note on one of its people: a probationary member (预备党员) attends but has no vote, so does not
/// count towards a voting meeting's quorum. Absent row = full member.
/// </summary>
internal sealed class BranchMember
{
    public long ScopeId { get; set; }
    public long UserId { get; set; }
    public bool IsProbationary { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
