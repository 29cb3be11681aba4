using System.Globalization;
using System.Text.Json.Nodes;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Tests.Features.Duties;

/// <summary>The whole loop through /api/messages and the fake connector: form → duty → reminder → done → the leader's overdue view.</summary>
public sealed class DutyFlowTests
{
    // Monday 7 December 2026, 10:00 in Shanghai.
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string AllText(Activity activity) =>
        (activity.Text ?? "") + string.Concat(activity.Attachments?.Select(a => a.Content?.ToJsonString(Readable) ?? "") ?? []);

    private static string InvokeCardText(JsonNode? response) => response?.ToJsonString(Readable) ?? "";

    [Fact]
    public async Task FormToReminderToDone_AndTheLeaderSeesWhatIsOverdue()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var app = host.App;
        var chat = TestConversation.GroupChat;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        app.Connector.SetMembers(chat.Id,
            new TeamsChannelAccount { Id = TestUser.Alex.Id, Name = TestUser.Alex.Name, AadObjectId = TestUser.Alex.AadObjectId },
            new TeamsChannelAccount { Id = TestUser.Megan.Id, Name = TestUser.Megan.Name, AadObjectId = TestUser.Megan.AadObjectId });

        // The form offers the conversation's members.
        var installed = app.Connector.Activities.Count;
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "新建任务"));
        var form = (await app.Connector.WaitForActivitiesAsync(installed + 1))[^1];
        Assert.Contains("Megan Bowen", AllText(form.Activity), StringComparison.Ordinal);

        // A half-filled form comes back with the problem and the values kept.
        var data = new JsonObject { ["title"] = "交党费", ["owner"] = TestUser.Megan.Id, ["leader"] = TestUser.Alex.Id, ["dueTime"] = "18:00", ["recurrence"] = "Monthly" };
        var rejected = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Alex, chat, "duty.create", (JsonObject)data.DeepClone(), form.AssignedId ?? "m1"));
        Assert.Contains("截止日期或时间无效", InvokeCardText(rejected), StringComparison.Ordinal);
        Assert.Contains("交党费", InvokeCardText(rejected), StringComparison.Ordinal);

        data["dueDate"] = "2026-12-09";
        var created = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Alex, chat, "duty.create", (JsonObject)data.DeepClone(), form.AssignedId ?? "m1"));
        Assert.Contains("已创建任务 #1", InvokeCardText(created), StringComparison.Ordinal);

        // The owner hears of it in a 1:1 chat the bot opens.
        var before = app.Connector.Activities.Count;
        await host.RunAsync();
        var notice = (await app.Connector.WaitForActivitiesAsync(before + 1))[before];
        Assert.Contains("你有一项新任务", AllText(notice.Activity), StringComparison.Ordinal);
        Assert.Single(app.Connector.CreatedConversations);

        // Tuesday 09:00: one day before.
        host.Clock.Advance(TimeSpan.FromHours(23));
        await host.RunAsync();
        var reminder = (await app.Connector.WaitForActivitiesAsync(before + 2))[before + 1];
        Assert.Contains("距截止还有 1 天", AllText(reminder.Activity), StringComparison.Ordinal);

        // Megan marks it done on the card; the card updates in place and the next month's occurrence exists.
        var personal = new TestConversation(reminder.ConversationId, "personal");
        var done = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Megan, personal, "duty.done",
            new JsonObject { ["dutyId"] = 1, ["evidence"] = "已交齐" }, reminder.AssignedId ?? "m2"));
        Assert.Contains("已完成。下一次（#2）截止时间：2027-01-09 18:00", InvokeCardText(done), StringComparison.Ordinal);
        var again = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Megan, personal, "duty.done",
            new JsonObject { ["dutyId"] = 1, ["evidence"] = "已交齐" }, reminder.AssignedId ?? "m2"));
        Assert.Contains("这项任务已经完成", InvokeCardText(again), StringComparison.Ordinal);
        Assert.Equal(2, (await host.DutiesAsync()).Count);

        // A second duty runs late; the leader's overdue view shows it in red.
        data["title"] = "年度述职";
        data["recurrence"] = "None";
        data["dueDate"] = "2026-12-10";
        await app.SendAsync(TeamsActivity.Execute(app, TestUser.Alex, chat, "duty.create", (JsonObject)data.DeepClone(), form.AssignedId ?? "m1"));
        host.Clock.Advance(TimeSpan.FromDays(3));
        await host.RunAsync();
        before = app.Connector.Activities.Count;
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "逾期"));
        var overdue = (await app.Connector.WaitForActivitiesAsync(before + 1)).Skip(before)
            .Last(a => a.ConversationId.StartsWith(chat.Id, StringComparison.Ordinal));
        var text = AllText(overdue.Activity);
        Assert.Contains("逾期任务", text, StringComparison.Ordinal);
        Assert.Contains("年度述职", text, StringComparison.Ordinal);
        Assert.Contains("红灯", text, StringComparison.Ordinal);
        Assert.DoesNotContain("交党费", text, StringComparison.Ordinal);
        _ = CultureInfo.InvariantCulture;
    }

    [Fact]
    public async Task PastedCsvImport_WithAnUnknownPerson_ImportsNothingAndSaysWhichRow()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var app = host.App;
        var chat = TestConversation.GroupChat;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        var installed = app.Connector.Activities.Count;

        var csv = "导入任务\n标题,负责人,截止\n交党费,Alex Wilber,2026-12-15\n述职,王五,2026-12-20";
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, csv));
        var reply = (await app.Connector.WaitForActivitiesAsync(installed + 1))[^1];
        Assert.Contains("第 3 行", AllText(reply.Activity), StringComparison.Ordinal);
        Assert.Contains("王五", AllText(reply.Activity), StringComparison.Ordinal);
        Assert.Empty(await host.DutiesAsync());

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "导入任务\n标题,负责人,截止\n交党费,Alex Wilber,2026-12-15"));
        var ok = (await app.Connector.WaitForActivitiesAsync(installed + 2))[^1];
        Assert.Contains("已导入 1 项任务", ok.Activity.Text, StringComparison.Ordinal);
        Assert.Equal("交党费", Assert.Single(await host.DutiesAsync()).Title);
    }
}
