namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// Whether a voting 党员大会 may decide: more than half of the members with a vote must be present (党章 and the
/// branch work rules: 有表决权的到会人数超过应到会人数的半数). Probationary members (预备党员) have no vote and count on
/// neither side; exactly half is not more than half.
/// </summary>
internal sealed record Quorum(int WithVote, int PresentWithVote)
{
    public bool Reached => PresentWithVote * 2 > WithVote;

    public static Quorum Of(IEnumerable<RosterLine> people, IReadOnlySet<long> probationary)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(probationary);
        var voters = people.Where(p => !probationary.Contains(p.UserId)).ToList();
        return new Quorum(voters.Count, voters.Count(p => p.WasPresent));
    }
}
