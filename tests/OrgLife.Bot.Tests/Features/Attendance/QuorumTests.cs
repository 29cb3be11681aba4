using OrgLife.Bot.Features.Attendance;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>A voting meeting needs more than half of the members with a vote; 预备党员 have none.</summary>
public sealed class QuorumTests
{
    private static RosterLine Person(long id, bool present) =>
        new(id, "党员" + id, AttendanceResponse.Attend, null, present ? DateTimeOffset.UnixEpoch : null, present ? AttendanceOutcome.Present : AttendanceOutcome.Absent);

    [Theory]
    [InlineData(4, 2, false)] // exactly half is not more than half
    [InlineData(4, 3, true)]
    [InlineData(5, 3, true)]
    [InlineData(5, 2, false)]
    [InlineData(1, 1, true)]
    [InlineData(0, 0, false)]
    public void MoreThanHalf_OfThoseWithAVote(int withVote, int present, bool reached)
    {
        var people = Enumerable.Range(1, withVote).Select(i => Person(i, i <= present)).ToList();

        var quorum = Quorum.Of(people, new HashSet<long>());

        Assert.Equal((withVote, present, reached), (quorum.WithVote, quorum.PresentWithVote, quorum.Reached));
    }

    [Fact]
    public void ProbationaryMembers_CountOnNeitherSide()
    {
        // Six on the list, two of them probationary and present: 2 of the 4 with a vote are present — exactly half.
        var people = new[] { Person(1, true), Person(2, true), Person(3, false), Person(4, false), Person(5, true), Person(6, true) };

        var quorum = Quorum.Of(people, new HashSet<long> { 5, 6 });

        Assert.Equal(4, quorum.WithVote);
        Assert.Equal(2, quorum.PresentWithVote);
        Assert.False(quorum.Reached);
    }
}
