namespace OrgLife.Bot.Features.Duties;

/// <summary>A send the planner wants: stage, sequence (days before / n-th overdue), to the leader or the owner, when.</summary>
internal sealed record PlannedReminder(ReminderStage Stage, int Sequence, bool ToLeader, DateTimeOffset DueAt);

/// <summary>
/// The reminder policy as pure date arithmetic: before the deadline (moved back to the previous workday when it
/// falls on a rest day), on the due day (at once when planned that day too late for the usual time), every workday while overdue up to N times, and the escalation to the
/// leader after M days. Everything lands at the policy's time of day in the recipient's zone, outside quiet
/// hours, at most one owner reminder per local day.
/// </summary>
internal static class ReminderPlanner
{
    public static IReadOnlyList<PlannedReminder> Plan(Duty duty, ReminderPolicy policy, TimeZoneInfo ownerZone, TimeZoneInfo leaderZone, DateTimeOffset now)
    {
        var owner = new List<PlannedReminder>();
        var dueDate = DateOnly.FromDateTime(LocalTime.ToLocal(duty.DueAt, ownerZone));

        foreach (var days in policy.DaysBefore)
        {
            var at = AtOrBefore(dueDate.AddDays(-days), policy, ownerZone);
            if (at < duty.DueAt)
            {
                owner.Add(new(ReminderStage.Before, days, false, at));
            }
        }

        owner.Add(new(ReminderStage.DueDay, 0, false, DueDayReminder(duty, dueDate, policy, ownerZone, now)));

        var overdueDate = dueDate;
        for (var n = 1; n <= policy.OverdueRepeats; n++)
        {
            overdueDate = NextWorkday(overdueDate, policy);
            owner.Add(new(ReminderStage.Overdue, n, false, At(overdueDate, policy, ownerZone)));
        }

        // One owner reminder per local day: the later stage (closer to the deadline) wins.
        var perDay = owner
            .Where(r => r.DueAt >= now)
            .GroupBy(r => DateOnly.FromDateTime(LocalTime.ToLocal(r.DueAt, ownerZone)))
            .Select(g => g.OrderByDescending(r => r.Stage).ThenBy(r => r.Sequence).First());

        var result = new List<PlannedReminder>(perDay);
        var escalation = Escalation(duty, policy, leaderZone);
        if (escalation is not null && escalation.DueAt >= now)
        {
            result.Add(escalation);
        }

        return [.. result.OrderBy(r => r.DueAt)];
    }

    /// <summary>
    /// The due-day reminder goes out at the policy's time of day. When that moment has passed (a duty created in
    /// the afternoon, due the same evening) or comes after the deadline (due at 08:30, reminders at 09:00), a duty
    /// planned on its due day is reminded at the first allowed moment before the deadline instead: otherwise its
    /// owner would hear nothing until it is overdue.
    /// </summary>
    private static DateTimeOffset DueDayReminder(Duty duty, DateOnly dueDate, ReminderPolicy policy, TimeZoneInfo ownerZone, DateTimeOffset now)
    {
        var planned = AtOrBefore(dueDate, policy, ownerZone);
        if (planned >= now && planned <= duty.DueAt)
        {
            return planned;
        }

        var soonest = NextAllowed(now, policy, ownerZone);
        var onDueDay = DateOnly.FromDateTime(LocalTime.ToLocal(soonest, ownerZone)) == dueDate;
        return onDueDay && soonest < duty.DueAt ? soonest : planned;
    }

    /// <summary>The leader hears of the duty on the first allowed morning once it is M days overdue.</summary>
    private static PlannedReminder? Escalation(Duty duty, ReminderPolicy policy, TimeZoneInfo leaderZone)
    {
        if (duty.LeaderUserId == 0)
        {
            return null;
        }

        var threshold = duty.DueAt.AddDays(policy.EscalateAfterDays);
        var date = DateOnly.FromDateTime(LocalTime.ToLocal(threshold, leaderZone));
        DateTimeOffset at;
        while (policy.IsRestDay(date) || (at = At(date, policy, leaderZone)) < threshold)
        {
            date = date.AddDays(1);
        }

        return new(ReminderStage.Escalation, policy.EscalateAfterDays, true, at);
    }

    /// <summary>When the owner hears of a snoozed duty again: the next workday morning.</summary>
    public static DateTimeOffset SnoozeUntil(DateTimeOffset now, ReminderPolicy policy, TimeZoneInfo ownerZone)
    {
        var tomorrow = DateOnly.FromDateTime(LocalTime.ToLocal(now, ownerZone)).AddDays(1);
        return At(policy.IsRestDay(tomorrow) ? NextWorkday(tomorrow, policy) : tomorrow, policy, ownerZone);
    }

    /// <summary>The moment a send planned for now may go out: now, or the end of quiet hours / the weekend.</summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset instant, ReminderPolicy policy, TimeZoneInfo zone)
    {
        var local = LocalTime.ToLocal(instant, zone);
        var allowed = policy.NextAllowed(local);
        return allowed == local ? instant : LocalTime.ToUtc(allowed, zone);
    }

    public static DateOnly NextWorkday(DateOnly date, ReminderPolicy policy)
    {
        var next = date.AddDays(1);
        while (policy.IsRestDay(next))
        {
            next = next.AddDays(1);
        }

        return next;
    }

    private static DateOnly PreviousWorkday(DateOnly date, ReminderPolicy policy)
    {
        var previous = date;
        while (policy.IsRestDay(previous))
        {
            previous = previous.AddDays(-1);
        }

        return previous;
    }

    // Before the deadline a rest day moves the reminder earlier, never past the deadline.
    private static DateTimeOffset AtOrBefore(DateOnly date, ReminderPolicy policy, TimeZoneInfo zone) =>
        At(PreviousWorkday(date, policy), policy, zone);

    private static DateTimeOffset At(DateOnly date, ReminderPolicy policy, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.FromTimeSpan(policy.RemindAt));
        // A configured time inside quiet hours moves to their end (same rule as every send).
        return LocalTime.ToUtc(policy.NextAllowed(local), zone);
    }
}
