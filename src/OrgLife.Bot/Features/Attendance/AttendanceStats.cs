namespace OrgLife.Bot.Features.Attendance;

/// <summary>Meetings of one type held in a period against the standard frequency.</summary>
internal sealed record TypeTally(MeetingType Type, int Held, int Required, MeetingFrequency Frequency, IReadOnlyList<string> MissingIn);

/// <summary>One member's attendance over the closed meetings of a period.</summary>
internal sealed record MemberRate(long UserId, string Name, int Expected, int Present, int OnLeave, int Absent)
{
    public double Rate => Expected == 0 ? 0 : (double)Present / Expected;
}

internal sealed record StatsResult(StatsPeriod Period, IReadOnlyList<TypeTally> Types, IReadOnlyList<MemberRate> Members, int MeetingsHeld);

/// <summary>
/// 三会一课 statistics: a meeting counts as held once it has started (cancelled meetings do not exist here);
/// a monthly type must be held in every month of the period, a quarterly one in every quarter. Members' rates
/// use closed meetings only (the ledger is final there): present ÷ expected.
/// </summary>
internal static class AttendanceStats
{
    public static StatsResult Compute(
        StatsPeriod period, IReadOnlyList<Meeting> meetings, IReadOnlyList<(long MeetingId, RosterLine Line)> rows,
        IReadOnlyDictionary<MeetingType, MeetingFrequency> frequency, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(meetings);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(frequency);
        var held = meetings.Where(m => m.StartsAt <= now).ToList();
        var types = new List<TypeTally>();
        foreach (var type in Enum.GetValues<MeetingType>())
        {
            var ofType = held.Where(m => m.Type == type).ToList();
            var rule = frequency.TryGetValue(type, out var f) ? f : MeetingFrequency.None;
            var buckets = Buckets(period, rule);
            var missing = buckets
                .Where(b => !ofType.Any(m => InBucket(m, b, zone)))
                // A bucket still in progress is not missing yet.
                .Where(b => b.End(zone) <= now)
                .Select(b => b.Label).ToList();
            if (ofType.Count == 0 && rule == MeetingFrequency.None)
            {
                continue;
            }

            types.Add(new TypeTally(type, ofType.Count, buckets.Count, rule, missing));
        }

        var closed = held.Where(m => m.ClosedAt is not null).Select(m => m.Id).ToHashSet();
        var members = rows.Where(r => closed.Contains(r.MeetingId)).GroupBy(r => r.Line.UserId)
            .Select(g => new MemberRate(
                g.Key, g.First().Line.Name, g.Count(),
                g.Count(r => r.Line.Outcome == AttendanceOutcome.Present),
                g.Count(r => r.Line.Outcome == AttendanceOutcome.Leave),
                g.Count(r => r.Line.Outcome == AttendanceOutcome.Absent)))
            .OrderBy(m => m.Rate).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        return new StatsResult(period, types, members, held.Count);
    }

    private static List<StatsPeriod> Buckets(StatsPeriod period, MeetingFrequency rule) => rule switch
    {
        MeetingFrequency.Monthly => [.. period.EachMonth().Select(m => StatsPeriod.Month(m.Year, m.Month))],
        MeetingFrequency.Quarterly when period.IsQuarter => [period],
        // A month is part of a quarter: a quarterly meeting is not required in any one month.
        _ => [],
    };

    private static bool InBucket(Meeting meeting, StatsPeriod bucket, TimeZoneInfo zone) =>
        meeting.StartsAt >= bucket.StartIn(zone) && meeting.StartsAt < bucket.EndIn(zone);

    private static DateTimeOffset End(this StatsPeriod period, TimeZoneInfo zone) => period.EndIn(zone);
}
