using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Connector;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>Issue 11 (4): a meeting is changed, postponed and cancelled by its organiser; closing waits for its start; what has not happened never counts.</summary>
public sealed class MeetingChangeTests
{
    [Fact]
    public async Task Postpone_ThenCancel_TellsTheChatOnceEach_UpdatesTheSharedCard_AndTheMeetingNeverCounts()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));

        // A member cannot change it.
        Assert.Contains("只有会议组织者和本支部书记", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Edit, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);

        // The organiser opens the form (filled in with the meeting) and moves it a week later to another room.
        var form = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Edit, AttendanceScenario.Id(meeting)));
        Assert.Contains("修改会议 #" + meeting.Id, form, StringComparison.Ordinal);
        Assert.Contains("党员活动室", form, StringComparison.Ordinal);
        Assert.DoesNotContain("\"audience\"", form, StringComparison.Ordinal);
        var moved = s.Form();
        var nextWeek = TimeZoneInfo.ConvertTime(meeting.StartsAt, AttendanceScenario.Shanghai).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var key in new[] { "startDate", "endDate", "deadlineDate" })
        {
            moved[key] = nextWeek;
        }

        moved["place"] = "三楼会议室";
        moved["meetingId"] = meeting.Id;
        var saved = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Save, moved));
        Assert.Contains("已改期", saved, StringComparison.Ordinal);
        var again = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Save, (JsonObject)moved.DeepClone()));
        Assert.Contains("没有修改任何内容", again, StringComparison.Ordinal);
        Assert.Single(Notices(s, "会议改期：十月支委会"));
        var postponed = await s.ReloadAsync(meeting);
        Assert.Equal(meeting.StartsAt.AddDays(7), postponed.StartsAt);
        Assert.Equal(meeting.StartsAt.AddDays(7) - new AttendanceOptions().CheckInOpensBefore, postponed.CheckInOpensAt);
        Assert.Contains("原定 " + MeetingCards.Span(meeting, AttendanceScenario.Shanghai), AttendanceScenario.Text(Notices(s, "会议改期")[0]), StringComparison.Ordinal);
        await s.StepClockUntilAsync(() => SharedCardShows(s, meeting, "三楼会议室"), steps: 10, wait: TimeSpan.FromSeconds(3));
        Assert.True(SharedCardShows(s, meeting, "三楼会议室"));

        // Megan's answer stands; her own card shows the new place.
        var megan = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Refresh, AttendanceScenario.Id(meeting)));
        Assert.Contains("三楼会议室", megan, StringComparison.Ordinal);
        Assert.Contains("你已报名参加", megan, StringComparison.Ordinal);

        // Cancelled: the chat is told once, however often the button arrives.
        var cancel = new JsonObject { ["meetingId"] = meeting.Id, ["cancelReason"] = "与区委会议冲突" };
        Assert.Contains("会议已取消", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Cancel, cancel)), StringComparison.Ordinal);
        Assert.Contains("会议已取消", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Cancel, (JsonObject)cancel.DeepClone())), StringComparison.Ordinal);
        var notice = Assert.Single(Notices(s, "会议取消：十月支委会"));
        Assert.Contains("与区委会议冲突", AttendanceScenario.Text(notice), StringComparison.Ordinal);
        await s.StepClockUntilAsync(() => SharedCardShows(s, meeting, "本次会议已取消"), steps: 10, wait: TimeSpan.FromSeconds(3));
        Assert.True(SharedCardShows(s, meeting, "本次会议已取消：与区委会议冲突"));
        Assert.Contains("会议已取消", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Lee, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);
        Assert.Contains("会议已取消", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Save, (JsonObject)moved.DeepClone())), StringComparison.Ordinal);

        // Past its planned end it is neither closed automatically nor counted: no meeting held, no rate.
        s.Clock.SetUtcNow(postponed.EndsAt.AddDays(1));
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "统计 " + Quarter(postponed)));
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, s.Chat, "我的出勤"));
        var stats = AttendanceScenario.Text(s.App.Connector.Activities.Last(a => AttendanceScenario.Text(a).Contains("三会一课统计", StringComparison.Ordinal)));
        Assert.Contains("已开会议 0 场", stats, StringComparison.Ordinal);
        Assert.Contains("本期还没有已结束的会议", stats, StringComparison.Ordinal);
        Assert.Contains(s.App.Connector.Activities, a => (a.Activity.Text ?? "").Contains("还没有你的会议记录", StringComparison.Ordinal));
        Assert.Null((await s.ReloadAsync(meeting)).ClosedAt);
    }

    [Fact]
    public async Task Close_BeforeTheStart_IsRefused_AndAfterItAsksForConfirmation_NotYetCounted()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));

        // Before the start: neither the command nor the button closes it, and the owner's card has no close button.
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "结束会议 " + meeting.Id));
        // The shared card's coalesced update may arrive after the reply: look for the reply, not the last activity.
        Assert.Contains(s.App.Connector.Activities, a => (a.Activity.Text ?? "").Contains("还不能结束", StringComparison.Ordinal)
            && (a.Activity.Text ?? "").Contains("取消会议 " + meeting.Id, StringComparison.Ordinal));
        Assert.Contains("还不能结束", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Close, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);
        Assert.DoesNotContain(AttendanceVerbs.Close + "\"", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Refresh, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);
        Assert.Null((await s.ReloadAsync(meeting)).ClosedAt);

        // Not started yet: statistics hold nothing, my attendance lists nothing.
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "统计 " + Quarter(meeting)));
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, s.Chat, "我的出勤"));
        Assert.Contains(s.App.Connector.Activities, a => AttendanceScenario.Text(a).Contains("已开会议 0 场", StringComparison.Ordinal));
        Assert.Contains(s.App.Connector.Activities, a => (a.Activity.Text ?? "").Contains("还没有你的会议记录", StringComparison.Ordinal));

        // After the start, "结束会议" (no number: the only open meeting) asks first; the confirmation closes it.
        s.Clock.SetUtcNow(meeting.StartsAt.AddMinutes(5));
        var before = s.App.Connector.Activities.Count;
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "结束会议"));
        var ask = AttendanceScenario.Text(s.App.Connector.Activities[before]);
        Assert.Contains("结束会议：十月支委会", ask, StringComparison.Ordinal);
        Assert.Contains(AttendanceVerbs.Close, ask, StringComparison.Ordinal);
        Assert.Null((await s.ReloadAsync(meeting)).ClosedAt);
        Assert.Contains("会议已结束：实到 0 人", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Close, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);
        Assert.NotNull((await s.ReloadAsync(meeting)).ClosedAt);
    }

    [Fact]
    public async Task EditForm_WithAStartInThePast_IsShownAgainWithTheProblem_AndNothingChanges()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        var form = s.Form("新名称");
        form["startDate"] = "2020-01-01";
        form["meetingId"] = meeting.Id;

        var body = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Save, form));

        Assert.Contains("开始时间已经过去", body, StringComparison.Ordinal);
        Assert.Contains("新名称", body, StringComparison.Ordinal);
        Assert.Equal("十月支委会", (await s.ReloadAsync(meeting)).Title);
        Assert.Empty(Notices(s, "会议"));
    }

    private static bool SharedCardShows(AttendanceScenario s, Meeting meeting, string text) =>
        s.Updates().Any(u => u.ActivityId == meeting.CardActivityId && AttendanceScenario.Text(u).Contains(text, StringComparison.Ordinal));

    /// <summary>Change notices ("会议改期：…", "会议取消：…", "会议信息已更新：…") posted in the group chat, containing <paramref name="text"/>.</summary>
    private static List<ReceivedActivity> Notices(AttendanceScenario s, string text) =>
        [.. s.App.Connector.Activities.Where(a => a.ConversationId == s.Chat.Id && a.Operation != ConnectorOperation.Update
            && AttendanceScenario.Text(a) is var body && body.Contains(text, StringComparison.Ordinal)
            && (body.Contains("会议改期：", StringComparison.Ordinal) || body.Contains("会议取消：", StringComparison.Ordinal) || body.Contains("会议信息已更新：", StringComparison.Ordinal)))];

    private static string Quarter(Meeting meeting)
    {
        var local = TimeZoneInfo.ConvertTime(meeting.StartsAt, AttendanceScenario.Shanghai);
        return new StatsPeriod(local.Year, ((local.Month - 1) / 3 * 3) + 1, 3).Label;
    }
}
