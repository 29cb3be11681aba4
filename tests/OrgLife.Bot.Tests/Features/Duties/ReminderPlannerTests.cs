using OrgLife.Bot.Features.Duties;

namespace OrgLife.Bot.Tests.Features.Duties;

public sealed class ReminderPlannerTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly ReminderPolicy Default = new DutiesOptions().DefaultPolicy;

    internal static Duty DutyDue(DateTime local, long leader = 2) => new()
    {
        Id = 1,
        Title = "交党费",
        TimeZone = "Asia/Shanghai",
        OwnerUserId = 1,
        LeaderUserId = leader,
        DueAt = LocalTime.ToUtc(local, Shanghai),
    };

    private static List<(ReminderStage Stage, int Sequence, bool ToLeader, DateTime Local)> Plan(Duty duty, ReminderPolicy? policy = null, DateTimeOffset? now = null) =>
        [.. ReminderPlanner.Plan(duty, policy ?? Default, Shanghai, Shanghai, now ?? new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))
            .Select(p => (p.Stage, p.Sequence, p.ToLeader, LocalTime.ToLocal(p.DueAt, Shanghai)))];

    [Fact]
    public void Plan_DefaultPolicy_RemindsBeforeOnDueDayOverdueAndEscalates_OnWorkdayMornings()
    {
        // Tuesday 15 December 18:00; the 3-days-before day is a Saturday, so that reminder moves to Friday.
        var plan = Plan(DutyDue(new DateTime(2026, 12, 15, 18, 0, 0)));

        Assert.Equal(
        [
            (ReminderStage.Before, 3, false, new DateTime(2026, 12, 11, 9, 0, 0)),
            (ReminderStage.Before, 1, false, new DateTime(2026, 12, 14, 9, 0, 0)),
            (ReminderStage.DueDay, 0, false, new DateTime(2026, 12, 15, 9, 0, 0)),
            (ReminderStage.Overdue, 1, false, new DateTime(2026, 12, 16, 9, 0, 0)),
            (ReminderStage.Overdue, 2, false, new DateTime(2026, 12, 17, 9, 0, 0)),
            (ReminderStage.Overdue, 3, false, new DateTime(2026, 12, 18, 9, 0, 0)),
            (ReminderStage.Escalation, 2, true, new DateTime(2026, 12, 18, 9, 0, 0)),
            (ReminderStage.Overdue, 4, false, new DateTime(2026, 12, 21, 9, 0, 0)),
            (ReminderStage.Overdue, 5, false, new DateTime(2026, 12, 22, 9, 0, 0)),
        ], plan);
    }

    [Fact]
    public void Plan_DueOnSunday_RemindsOnFridayOnce_NeverAtTheWeekend()
    {
        var plan = Plan(DutyDue(new DateTime(2026, 11, 29, 12, 0, 0)));

        Assert.DoesNotContain(plan, p => p.Local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        var owner = plan.Where(p => !p.ToLeader).ToList();
        Assert.Equal(owner.Count, owner.Select(p => p.Local.Date).Distinct().Count());
        // Before-1 (Saturday) and the due day (Sunday) both fall back to Friday 27th: the due-day one wins.
        Assert.Contains((ReminderStage.DueDay, 0, false, new DateTime(2026, 11, 27, 9, 0, 0)), plan);
        Assert.DoesNotContain(plan, p => p.Stage == ReminderStage.Before && p.Sequence == 1);
    }

    [Fact]
    public void Plan_SkipsReminderTimesAlreadyPast()
    {
        var plan = Plan(DutyDue(new DateTime(2026, 12, 15, 18, 0, 0)), now: LocalTime.ToUtc(new DateTime(2026, 12, 14, 12, 0, 0), Shanghai));

        Assert.Equal(ReminderStage.DueDay, plan[0].Stage);
    }

    [Fact]
    public void Plan_CreatedOnTheDueDayAfterTheRemindTime_RemindsAtOnce()
    {
        var now = LocalTime.ToUtc(new DateTime(2026, 12, 15, 14, 0, 0), Shanghai);

        var plan = Plan(DutyDue(new DateTime(2026, 12, 15, 18, 0, 0)), now: now);

        Assert.Equal((ReminderStage.DueDay, 0, false, new DateTime(2026, 12, 15, 14, 0, 0)), plan[0]);
    }

    [Fact]
    public void Plan_CreatedOnTheDueDayBeforeTheRemindTime_DueBeforeIt_RemindsAtOnce()
    {
        // 01:21, due 01:26, reminders at 09:00 and no quiet hours: 09:00 would come after the deadline.
        var policy = Default with { QuietFrom = TimeSpan.Zero, QuietUntil = TimeSpan.Zero };
        var now = LocalTime.ToUtc(new DateTime(2026, 12, 15, 1, 21, 0), Shanghai);

        var plan = Plan(DutyDue(new DateTime(2026, 12, 15, 1, 26, 0)), policy, now);

        Assert.Equal((ReminderStage.DueDay, 0, false, new DateTime(2026, 12, 15, 1, 21, 0)), plan[0]);
    }

    [Fact]
    public void Plan_DueEarlyOnALaterDay_KeepsTheDueDayReminderOnThatDay()
    {
        var plan = Plan(DutyDue(new DateTime(2026, 12, 15, 8, 30, 0)));

        Assert.Contains((ReminderStage.DueDay, 0, false, new DateTime(2026, 12, 15, 9, 0, 0)), plan);
    }

    [Fact]
    public void Plan_CreatedOnTheDueDayInQuietHours_HasNoDueDayReminderAfterTheDeadline()
    {
        // 22:30, due 23:30: quiet hours last until after the deadline, so only the overdue reminders remain.
        var now = LocalTime.ToUtc(new DateTime(2026, 12, 15, 22, 30, 0), Shanghai);

        var plan = Plan(DutyDue(new DateTime(2026, 12, 15, 23, 30, 0)), now: now);

        Assert.DoesNotContain(plan, p => p.Stage == ReminderStage.DueDay);
        Assert.Equal((ReminderStage.Overdue, 1, false, new DateTime(2026, 12, 16, 9, 0, 0)), plan[0]);
    }

    [Fact]
    public void Plan_RemindAtInsideQuietHours_MovesToTheirEnd()
    {
        var policy = Default with { RemindAt = TimeSpan.FromHours(6) };

        var plan = Plan(DutyDue(new DateTime(2026, 12, 15, 18, 0, 0)), policy);

        Assert.All(plan, p => Assert.Equal(new TimeSpan(8, 0, 0), p.Local.TimeOfDay));
    }

    [Fact]
    public void Plan_WithoutLeader_HasNoEscalation()
    {
        Assert.DoesNotContain(Plan(DutyDue(new DateTime(2026, 12, 15, 18, 0, 0), leader: 0)), p => p.ToLeader);
    }

    [Theory]
    [InlineData("2026-11-21T23:30:00", "2026-11-23T08:00:00")] // Saturday night → Monday morning
    [InlineData("2026-11-23T23:30:00", "2026-11-24T08:00:00")] // Monday night → Tuesday 08:00
    [InlineData("2026-11-24T07:00:00", "2026-11-24T08:00:00")] // early Tuesday → 08:00
    [InlineData("2026-11-24T10:00:00", "2026-11-24T10:00:00")] // allowed: unchanged
    public void NextAllowed_RespectsQuietHoursAndWeekends(string local, string expected)
    {
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Default.NextAllowed(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void SnoozeUntil_FridayAfternoon_IsMondayMorning()
    {
        var friday = LocalTime.ToUtc(new DateTime(2026, 11, 27, 15, 0, 0), Shanghai);

        Assert.Equal(new DateTime(2026, 11, 30, 9, 0, 0), LocalTime.ToLocal(ReminderPlanner.SnoozeUntil(friday, Default, Shanghai), Shanghai));
    }

    [Fact]
    public void PolicyOverride_ReplacesOnlyWhatTheScopeSet()
    {
        var policy = Default.With(new DutyPolicyOverride { DaysBefore = "7，2", OverdueRepeats = 1 });

        Assert.Equal([7, 2], policy.DaysBefore);
        Assert.Equal(1, policy.OverdueRepeats);
        Assert.Equal(Default.RemindAt, policy.RemindAt);
        Assert.Null(ReminderPolicy.ParseDays("3,x"));
    }
}
