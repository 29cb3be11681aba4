using OrgLife.Bot.Features.Attendance;

namespace OrgLife.Bot.Tests.Features.Attendance;

public sealed class StatsTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData("2026Q3", 2026, 7, 3)]
    [InlineData("2026-q4", 2026, 10, 3)]
    [InlineData("2026年第三季度", 2026, 7, 3)]
    [InlineData("2026-10", 2026, 10, 1)]
    [InlineData("2026年3月", 2026, 3, 1)]
    public void Period_Parses(string text, int year, int firstMonth, int months)
    {
        Assert.True(StatsPeriod.TryParse(text, out var period));
        Assert.Equal(new StatsPeriod(year, firstMonth, months), period);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("20261")]
    [InlineData("Q3")]
    [InlineData("2026Q5")]
    public void Period_RejectsNonsense(string text) => Assert.False(StatsPeriod.TryParse(text, out _));

    [Fact]
    public void Period_BoundariesAreLocalMidnights()
    {
        var q4 = new StatsPeriod(2026, 10, 3);
        Assert.Equal(new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero), q4.StartIn(Shanghai));
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), q4.EndIn(Shanghai));
    }

    [Fact]
    public void Compute_FlagsMissingMonthsAndQuarters_AndRatesMembers()
    {
        var q3 = new StatsPeriod(2026, 7, 3);
        var now = new DateTimeOffset(2026, 10, 5, 0, 0, 0, TimeSpan.Zero);
        var july = Meeting(1, MeetingType.BranchCommittee, new DateTimeOffset(2026, 7, 10, 12, 0, 0, TimeSpan.Zero), closed: true);
        var september = Meeting(2, MeetingType.BranchCommittee, new DateTimeOffset(2026, 9, 10, 12, 0, 0, TimeSpan.Zero), closed: true);
        var lecture = Meeting(3, MeetingType.PartyLecture, new DateTimeOffset(2026, 8, 10, 12, 0, 0, TimeSpan.Zero), closed: false);
        var rows = new List<(long, RosterLine)>
        {
            (1, Line(10, "张三", AttendanceOutcome.Present)),
            (2, Line(10, "张三", AttendanceOutcome.Absent)),
            (1, Line(11, "李四", AttendanceOutcome.Present)),
            (2, Line(11, "李四", AttendanceOutcome.Present)),
            (3, Line(11, "李四", AttendanceOutcome.Pending)),
        };

        var result = AttendanceStats.Compute(q3, [july, september, lecture], rows, new AttendanceOptions().Frequency, Shanghai, now);

        var committee = result.Types.Single(t => t.Type == MeetingType.BranchCommittee);
        Assert.Equal(2, committee.Held);
        Assert.Equal(3, committee.Required);
        Assert.Equal(["2026-08"], committee.MissingIn);
        Assert.Empty(result.Types.Single(t => t.Type == MeetingType.PartyLecture).MissingIn);
        Assert.Equal(["2026Q3"], result.Types.Single(t => t.Type == MeetingType.PartyCongress).MissingIn);
        Assert.Equal(3, result.Types.Single(t => t.Type == MeetingType.ThemedPartyDay).MissingIn.Count);
        Assert.Equal("张三", result.Members[0].Name);
        Assert.Equal(0.5, result.Members[0].Rate);
        Assert.Equal(1.0, result.Members[1].Rate);
    }

    [Fact]
    public void Compute_MonthInProgress_IsNotMissingYet()
    {
        var october = new StatsPeriod(2026, 10, 1);
        var now = new DateTimeOffset(2026, 10, 15, 0, 0, 0, TimeSpan.Zero);
        var result = AttendanceStats.Compute(october, [], [], new AttendanceOptions().Frequency, Shanghai, now);
        Assert.All(result.Types, t => Assert.Empty(t.MissingIn));
    }

    private static Meeting Meeting(long id, MeetingType type, DateTimeOffset start, bool closed) => new()
    {
        Id = id, Type = type, Title = "m" + id, StartsAt = start, EndsAt = start.AddHours(1), RespondBy = start, CheckInOpensAt = start.AddMinutes(-30),
        ClosedAt = closed ? start.AddHours(2) : null,
    };

    private static RosterLine Line(long userId, string name, AttendanceOutcome outcome) =>
        new(userId, name, AttendanceResponse.Attend, null, null, outcome);
}
