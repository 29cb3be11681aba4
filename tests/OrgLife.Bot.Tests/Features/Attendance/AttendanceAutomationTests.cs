using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>
/// The automatic close and the automatic reminder through the real host: the manual clock drives the automation's
/// timer, and each step waits for a pass that saw the new time. The meeting is Tuesday 19:30–21:00 Shanghai time,
/// answers until Tuesday 18:00; the clock starts on Monday 09:00, so the reminder is due Monday 18:00.
/// </summary>
public sealed class AttendanceAutomationTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = new AttendanceOptions().AutoCloseAfter;
    private static readonly TimeSpan LeadTime = new AttendanceOptions().AutoRemindBefore;

    private static Task<AttendanceScenario> StartAsync(Dictionary<string, string?>? settings = null) =>
        AttendanceScenario.StartAsync(new ManualTimeProvider(MondayMorning), settings);

    [Fact]
    public async Task AutoClose_AfterTheEndAndTheGrace_ClosesOnce_RecordsAbsentees_UpdatesTheCard_PostsOneSummary()
    {
        await using var s = await StartAsync();
        var meeting = await s.CreateMeetingAsync();
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));
        await s.ExecuteAsync(TestUser.Lee, AttendanceVerbs.Leave, new JsonObject { ["meetingId"] = meeting.Id, ["reason"] = "出差" });
        s.Clock.SetUtcNow(meeting.StartsAt);
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.CheckIn, AttendanceScenario.Id(meeting));

        await s.TickAtAsync(meeting.EndsAt + Grace - (2 * s.TickInterval));
        Assert.Null((await s.ReloadAsync(meeting)).ClosedAt);
        Assert.Empty(s.Summaries());

        await s.TickAtAsync(meeting.EndsAt + Grace);
        var closed = await s.ReloadAsync(meeting);
        Assert.NotNull(closed.ClosedAt);
        Assert.Null(closed.ClosedByUserId);
        var outcomes = await s.App.WithStoreAsync(db => db.Set<MeetingAttendee>().Where(a => a.MeetingId == meeting.Id)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { u.Name, a.Outcome }).ToDictionaryAsync(r => r.Name, r => r.Outcome));
        Assert.Equal(AttendanceOutcome.Present, outcomes[TestUser.Megan.Name]);
        Assert.Equal(AttendanceOutcome.Leave, outcomes[TestUser.Lee.Name]);
        Assert.Equal(AttendanceOutcome.Absent, outcomes[TestUser.Alex.Name]);
        var summary = AttendanceScenario.Text(Assert.Single(s.Summaries()));
        Assert.Contains("缺席：Alex Wilber", summary, StringComparison.Ordinal);
        Assert.Contains("请假：李明（出差）", summary, StringComparison.Ordinal);
        Assert.Contains("自动结束", summary, StringComparison.Ordinal);
        // The shared card follows through the coalescing refresher: it now shows the meeting closed.
        await WaitForAsync(s, () => s.Updates().Any(u => u.ActivityId == meeting.CardActivityId && AttendanceScenario.Text(u).Contains("会议已结束：实到 1 / 应到 3", StringComparison.Ordinal)));

        await s.TickAtAsync(meeting.EndsAt + Grace + TimeSpan.FromHours(3));
        Assert.Single(s.Summaries());
        Assert.Equal(1, await s.App.WithStoreAsync(db => db.Set<AttendanceAuditEntry>().CountAsync(a => a.MeetingId == meeting.Id && a.Action == "auto-close")));
    }

    [Fact]
    public async Task ManualClose_BeforeTheGrace_IsNotFollowedByAnAutomaticOne()
    {
        await using var s = await StartAsync();
        var meeting = await s.CreateMeetingAsync();
        s.Clock.SetUtcNow(meeting.EndsAt);
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Close, AttendanceScenario.Id(meeting));

        await s.TickAtAsync(meeting.EndsAt + Grace + TimeSpan.FromHours(1));

        Assert.Single(s.Summaries());
        var alex = await s.App.WithStoreAsync(db => db.Users.SingleAsync(u => u.TeamsId == TestUser.Alex.Id));
        Assert.Equal(alex.Id, (await s.ReloadAsync(meeting)).ClosedByUserId);
        var closes = await s.App.WithStoreAsync(db => db.Set<AttendanceAuditEntry>().Where(a => a.MeetingId == meeting.Id && a.Action.EndsWith("close")).Select(a => a.Action).ToListAsync());
        Assert.Equal(["close"], closes);
    }

    [Fact]
    public async Task AutoRemind_ReachesExactlyTheNonResponders_OnceAtTheLeadTime_AndTheButtonStillWorks()
    {
        await using var s = await StartAsync();
        var meeting = await s.CreateMeetingAsync();
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));
        var due = meeting.RespondBy - LeadTime;
        Assert.True(due > s.Clock.GetUtcNow());

        await s.TickAtAsync(due - (2 * s.TickInterval));
        Assert.Empty(s.RemindedUsers());

        await s.TickAtAsync(due);
        // Never the organiser (Alex): he called the meeting.
        Assert.Equal([TestUser.Lee.Id], s.RemindedUsers());
        var remindedAt = (await s.ReloadAsync(meeting)).AutoRemindedAt;
        Assert.NotNull(remindedAt);
        Assert.InRange(remindedAt.Value, due, due + s.TickInterval);

        await s.TickAtAsync(due + TimeSpan.FromHours(1));
        await s.TickAtAsync(meeting.RespondBy - (2 * s.TickInterval));
        Assert.Single(s.RemindedUsers());

        // "提醒未回复" by hand still sends another round.
        var body = await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Remind, AttendanceScenario.Id(meeting));
        Assert.Contains("已私信提醒 1 位", AttendanceScenario.Text(body), StringComparison.Ordinal);
        Assert.Equal([TestUser.Lee.Id, TestUser.Lee.Id], s.RemindedUsers());
    }

    [Fact]
    public async Task AutoRemind_ForAMeetingAnnouncedInsideTheLeadTime_WaitsTheQuietTimeAfterPosting_AndSkipsTheOrganiser()
    {
        await using var s = await StartAsync(new() { ["Attendance:AutoRemindBefore"] = "2.00:00:00" });
        var meeting = await s.CreateMeetingAsync();
        var quiet = new AttendanceOptions().AutoRemindNotWithin;

        await s.TickAtAsync(s.Clock.GetUtcNow());
        await s.TickAtAsync(meeting.CreatedAt + quiet - (2 * s.TickInterval));
        Assert.Empty(s.RemindedUsers());

        await s.TickAtAsync(meeting.CreatedAt + quiet);
        Assert.Equal([TestUser.Lee.Id, TestUser.Megan.Id], s.RemindedUsers());
        Assert.NotNull((await s.ReloadAsync(meeting)).AutoRemindedAt);
    }

    [Fact]
    public async Task AutoRemind_ForADeadlineInsideTheQuietTimeAfterPosting_IsNeverSent()
    {
        await using var s = await StartAsync();
        // Posted Monday 09:00 Shanghai; answers until 12:00 the same day, under the 4 hours of quiet.
        var form = s.Form();
        var today = TimeZoneInfo.ConvertTime(s.Clock.GetUtcNow(), AttendanceScenario.Shanghai).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        form["deadlineDate"] = today;
        form["deadlineTime"] = "12:00";
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Create, form, "form-message");
        var meeting = await s.App.WithStoreAsync(db => db.Set<Meeting>().SingleAsync());

        await s.TickAtAsync(s.Clock.GetUtcNow());
        await s.TickAtAsync(meeting.RespondBy - TimeSpan.FromHours(1));
        await s.TickAtAsync(meeting.RespondBy - (2 * s.TickInterval));

        Assert.Empty(s.RemindedUsers());
        Assert.Null((await s.ReloadAsync(meeting)).AutoRemindedAt);
    }

    [Fact]
    public async Task AfterARestart_OnTheSameStore_TheReminderIsNotSentAgain_AndTheNewHostClosesTheMeeting()
    {
        var folder = Path.Combine(Path.GetTempPath(), "orglife-tests", "attendance-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Store:DataFolder"] = folder };
        var clock = new ManualTimeProvider(MondayMorning);
        Meeting meeting;
        await using (var first = await AttendanceScenario.StartAsync(clock, settings))
        {
            meeting = await first.CreateMeetingAsync();
            await first.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));
            await first.TickAtAsync(meeting.RespondBy - LeadTime);
            Assert.Equal([TestUser.Lee.Id], first.RemindedUsers());
        }

        try
        {
            await using var second = await AttendanceScenario.StartAsync(clock, settings, install: false);
            // Teams' service URL is the same across restarts; here it is the new fake connector's.
            await second.App.WithStoreAsync(db => db.Conversations.ExecuteUpdateAsync(u => u.SetProperty(c => c.ServiceUrl, second.App.ServiceUrl)));
            var remindedAt = (await second.ReloadAsync(meeting)).AutoRemindedAt;

            await second.TickAtAsync(meeting.RespondBy - LeadTime + TimeSpan.FromHours(1));
            await second.TickAtAsync(meeting.RespondBy - (2 * second.TickInterval));
            Assert.Empty(second.RemindedUsers());
            Assert.Equal(remindedAt, (await second.ReloadAsync(meeting)).AutoRemindedAt);

            await second.TickAtAsync(meeting.EndsAt + Grace);
            Assert.Single(second.Summaries());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AutoCloseOff_LeavesTheMeetingOpen_WhileTheReminderStillGoesOut()
    {
        await using var s = await StartAsync(new() { ["Attendance:AutoClose"] = "false" });
        var meeting = await s.CreateMeetingAsync();

        await s.TickAtAsync(meeting.RespondBy - LeadTime);
        await s.TickAtAsync(meeting.EndsAt + Grace + TimeSpan.FromHours(6));

        Assert.Equal(2, s.RemindedUsers().Count);
        Assert.Null((await s.ReloadAsync(meeting)).ClosedAt);
        Assert.Empty(s.Summaries());
    }

    [Fact]
    public async Task AutoRemindOff_SendsNoReminder_WhileTheMeetingIsStillClosed()
    {
        await using var s = await StartAsync(new() { ["Attendance:AutoRemindBefore"] = "00:00:00" });
        var meeting = await s.CreateMeetingAsync();

        await s.TickAtAsync(meeting.RespondBy - LeadTime);
        await s.TickAtAsync(meeting.RespondBy - (2 * s.TickInterval));
        await s.TickAtAsync(meeting.EndsAt + Grace);

        Assert.Empty(s.RemindedUsers());
        Assert.Null((await s.ReloadAsync(meeting)).AutoRemindedAt);
        Assert.Single(s.Summaries());
    }

    [Theory]
    [InlineData(nameof(AttendanceOptions.AutoCloseAfter), "-00:01:00")]
    [InlineData(nameof(AttendanceOptions.AutoRemindBefore), "31.00:00:00")]
    [InlineData(nameof(AttendanceOptions.AutoTickInterval), "00:00:00")]
    [InlineData(nameof(AttendanceOptions.AutoRemindNotWithin), "8.00:00:00")]
    public void Options_OutOfRange_AreRejectedNamingTheKey(string key, string value)
    {
        var options = new AttendanceOptions();
        typeof(AttendanceOptions).GetProperty(key)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.StartsWith("Attendance:" + key + " ", StringComparison.Ordinal));
    }

    /// <summary>Waits for a condition the host reaches on its own (the card refresher), re-checking on each new connector activity.</summary>
    private static async Task WaitForAsync(AttendanceScenario s, Func<bool> condition)
    {
        while (true)
        {
            var seen = s.App.Connector.Activities.Count;
            if (condition())
            {
                return;
            }

            await s.App.Connector.WaitForActivitiesAsync(seen + 1);
        }
    }
}
