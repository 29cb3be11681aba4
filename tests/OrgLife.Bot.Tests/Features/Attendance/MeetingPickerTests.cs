using System.Text.Json.Nodes;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>Issue 11 (8): secretary commands without a number, and a member's "我的会议".</summary>
public sealed class MeetingPickerTests
{
    [Fact]
    public async Task Commands_WithoutANumber_ActOnTheOnlyOpenMeeting_OrOfferAChoice()
    {
        await using var s = await AttendanceScenario.StartAsync();
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "名单"));
        Assert.Contains("没有可以管理的进行中会议", s.App.Connector.Activities[^1].Activity.Text, StringComparison.Ordinal);

        var first = await s.CreateMeetingAsync();
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "名单"));
        Assert.Contains("名单：十月支委会", AttendanceScenario.Text(s.App.Connector.Activities[^1]), StringComparison.Ordinal);

        var second = await s.CreateMeetingAsync("十一月党课");
        var before = s.App.Connector.Activities.Count;
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "提醒未回复"));
        var choice = s.App.Connector.Activities[before].Activity.Attachments![0].Content!;
        var buttons = choice["actions"]!.AsArray().Where(a => a!["type"]!.GetValue<string>() == "Action.Execute").Select(a => (Title: a!["title"]!.GetValue<string>(), Verb: a["verb"]!.GetValue<string>(), Id: a["data"]!["meetingId"]!.GetValue<long>())).ToList();
        Assert.Equal([first.Id, second.Id], buttons.Select(b => b.Id));
        Assert.All(buttons, b => Assert.Equal(AttendanceVerbs.Remind, b.Verb));
        Assert.Contains(buttons, b => b.Title.Contains("十一月党课", StringComparison.Ordinal));
        // Nobody was reminded by the question itself; the button does it.
        Assert.DoesNotContain(s.App.Connector.Activities, a => AttendanceScenario.Text(a).Contains("你还没有回复这个会议", StringComparison.Ordinal));
        Assert.Contains("已私信提醒 2 位", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, buttons[1].Verb, new JsonObject { ["meetingId"] = buttons[1].Id })), StringComparison.Ordinal);

        // A member has no open meeting to manage.
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, s.Chat, "结束会议"));
        Assert.Contains("没有可以管理的进行中会议", s.App.Connector.Activities[^1].Activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyMeetings_ListsTheUpcomingMeetingsWithTheMembersOwnAnswer_InEnglishToo()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var october = await s.CreateMeetingAsync();
        var lecture = await s.CreateMeetingAsync("十一月党课");
        var dropped = await s.CreateMeetingAsync("作废的会议");
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Leave, new JsonObject { ["meetingId"] = october.Id, ["reason"] = "出差" });
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(lecture));
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Cancel, AttendanceScenario.Id(dropped));

        var before = s.App.Connector.Activities.Count;
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, TestConversation.Personal(TestUser.Megan), "我的会议"));
        var mine = AttendanceScenario.Text(s.App.Connector.Activities.Skip(before).Last(a => AttendanceScenario.Text(a).Contains("我的会议", StringComparison.Ordinal)));
        Assert.Contains("我的会议", mine, StringComparison.Ordinal);
        Assert.Contains("已请假（出差）", mine, StringComparison.Ordinal);
        Assert.Contains("已报名", mine, StringComparison.Ordinal);
        Assert.Contains("十一月党课", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("作废的会议", mine, StringComparison.Ordinal);
        Assert.Contains(AttendanceVerbs.Refresh, mine, StringComparison.Ordinal);

        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Lee, s.Chat, "my meetings", "en-US"));
        var english = AttendanceScenario.Text(s.App.Connector.Activities.Last(a => AttendanceScenario.Text(a).Contains("My meetings", StringComparison.Ordinal)));
        Assert.Contains("My meetings", english, StringComparison.Ordinal);
        Assert.Contains("No answer", english, StringComparison.Ordinal);
    }
}
