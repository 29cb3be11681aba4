namespace OrgLife.Bot.Features.Attendance;

/// <summary>Everything a meeting's record shows: the meeting, what was recorded, its people (with 补课) and who has no vote.</summary>
internal sealed record RecordView(Meeting Meeting, MeetingRecord? Record, IReadOnlyList<RosterLine> People, IReadOnlySet<long> Probationary,
    IReadOnlyList<AttachmentLine>? Attachments = null)
{
    /// <summary>Photos, sign-in sheets and slides kept with the record.</summary>
    public IReadOnlyList<AttachmentLine> Files => Attachments ?? [];

    public string? NameOf(long? userId) => userId is null ? null : People.FirstOrDefault(p => p.UserId == userId)?.Name;

    public Quorum Quorum => Quorum.Of(People, Probationary);

    public IReadOnlyList<RosterLine> Present => [.. People.Where(p => p.WasPresent)];

    public IReadOnlyList<RosterLine> OnLeave => [.. People.Where(p => !p.WasPresent && (p.Outcome == AttendanceOutcome.Leave || (p.Outcome == AttendanceOutcome.Pending && p.Response == AttendanceResponse.Leave)))];

    public IReadOnlyList<RosterLine> Absent => [.. People.Where(p => p.Outcome == AttendanceOutcome.Absent)];

    /// <summary>Those whose 补课 is due: on leave from a closed meeting.</summary>
    public IReadOnlyList<RosterLine> MakeUps => Meeting.ClosedAt is null ? [] : [.. People.Where(p => p.Outcome == AttendanceOutcome.Leave)];
}
