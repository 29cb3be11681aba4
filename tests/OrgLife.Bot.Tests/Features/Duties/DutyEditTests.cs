using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Testing.Gating;

namespace OrgLife.Bot.Tests.Features.Duties;

/// <summary>
/// Editing and cancelling a duty through /api/messages: Alex installed the bot in the group chat (admin) and
/// plans duties there; proactive sends are recorded, replies in chats go to the fake connector.
/// </summary>
public sealed class DutyEditTests
{
    // Monday 7 December 2026, 10:00 in Shanghai. Reminders go out at 09:00 local on workdays.
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);
    private static readonly TestConversation Chat = TestConversation.GroupChat;
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task EditingTheDueDate_SendsOnlyTheNewSchedule_AndKeepsWhatWasSent()
    {
        await using var host = await StartAsync();
        var created = await CreateAsync(host, owner: TestUser.Megan, leader: TestUser.Alex, dueDate: "2026-12-11");
        Assert.Contains("已创建任务 #1", Text(created), StringComparison.Ordinal);
        var megan = await UserIdAsync(host, TestUser.Megan);

        // Tuesday 09:00: three days before the old deadline.
        await RunUntilAsync(host, new DateTime(2026, 12, 8, 9, 30, 0));
        Assert.Contains("距截止还有 3 天", Assert.Single(SentTo(host, megan), s => s.Text.Contains("3 天", StringComparison.Ordinal)).Text, StringComparison.Ordinal);

        // The edit form is the new-duty form, filled in.
        var form = Text(await ExecuteAsync(host, TestUser.Alex, "duty.edit", new JsonObject { ["dutyId"] = 1 }));
        Assert.Contains("修改任务 #1", form, StringComparison.Ordinal);
        Assert.Contains("2026-12-11", form, StringComparison.Ordinal);
        Assert.Contains("\"duty.save\"", form, StringComparison.Ordinal);

        // A deadline in the past is reported on the form and nothing is saved.
        var rowsBefore = await host.RemindersAsync();
        var rejected = Text(await ExecuteAsync(host, TestUser.Alex, "duty.save", FormData(TestUser.Megan, TestUser.Alex, "2026-12-01")));
        Assert.Contains("截止时间已经过去", rejected, StringComparison.Ordinal);
        Assert.Contains("交党费", rejected, StringComparison.Ordinal);
        Assert.Equal(1, (await host.DutiesAsync())[0].DueVersion);
        Assert.Equivalent(rowsBefore, await host.RemindersAsync());

        var saved = Text(await ExecuteAsync(host, TestUser.Alex, "duty.save", FormData(TestUser.Megan, TestUser.Alex, "2026-12-18")));
        Assert.Contains("已保存修改", saved, StringComparison.Ordinal);
        Assert.Contains("截止时间：2026-12-11 18:00 → 2026-12-18 18:00", saved, StringComparison.Ordinal);

        // The old schedule's unsent rows are void, its sent one is history, the new one is planned once.
        var rows = await host.RemindersAsync();
        Assert.DoesNotContain(rows, r => r.Occurrence == 1 && r.State == ReminderState.Planned);
        Assert.Contains(rows, r => r.Occurrence == 1 && r.Stage == ReminderStage.Before && r.Sequence == 3 && r.State == ReminderState.Sent);
        Assert.All(rows.Where(r => r.State == ReminderState.Planned).GroupBy(r => (r.Stage, r.Sequence, r.RecipientUserId)), g => Assert.Single(g));

        // Across both deadlines: nothing more about 11 December, the new reminders on the 15th, 17th and 18th.
        await RunUntilAsync(host, new DateTime(2026, 12, 19, 12, 0, 0));
        Assert.Equal(
        [
            (new DateTime(2026, 12, 7), "你有一项新任务。"),
            (new DateTime(2026, 12, 8), "提醒：距截止还有 3 天。"),
            (new DateTime(2026, 12, 15), "提醒：距截止还有 3 天。"),
            (new DateTime(2026, 12, 17), "提醒：距截止还有 1 天。"),
            (new DateTime(2026, 12, 18), "今天截止！"),
        ], SentTo(host, megan).Select(s => (s.Local.Date, s.Notice)));

        var change = Assert.Single(await ChangesAsync(host), c => c.Action == DutyEditor.Edited);
        Assert.Equal(await UserIdAsync(host, TestUser.Alex), change.UserId);
        Assert.Equal(new FieldChange(FieldChange.DueAt, LocalTime.ToUtc(new DateTime(2026, 12, 11, 18, 0, 0), DutiesHost.Shanghai).ToString("O"),
            LocalTime.ToUtc(new DateTime(2026, 12, 18, 18, 0, 0), DutiesHost.Shanghai).ToString("O")), FieldChange.FromDetail(change.Detail));
    }

    [Fact]
    public Task ChangingTheOwnerAndLeader_RemindsTheNewOwner_EscalatesToTheNewLeader_AndTheOldOwnerHearsNothingMore() => OwnerChangeAsync(null);

    [RequiresFact(Requirement.PostgreSql)]
    public Task ChangingTheOwnerAndLeader_OnPostgres_RemindsTheNewOwner() => OnPostgresAsync(OwnerChangeAsync);

    [Fact]
    public Task CancellingAfterConfirmation_StopsReminders_TellsTheOwnerOnce_AndLeavesMyDutiesAndOverdue() => CancelAsync(null);

    [RequiresFact(Requirement.PostgreSql)]
    public Task CancellingAfterConfirmation_OnPostgres_StopsReminders() => OnPostgresAsync(CancelAsync);

    private static async Task OwnerChangeAsync(Dictionary<string, string?>? settings)
    {
        await using var host = await StartAsync(settings);
        await CreateAsync(host, owner: TestUser.Megan, leader: null, dueDate: "2026-12-11");
        var megan = await UserIdAsync(host, TestUser.Megan);
        await host.RunAsync();
        Assert.Contains("你有一项新任务", Assert.Single(SentTo(host, megan)).Text, StringComparison.Ordinal);

        var saved = Text(await ExecuteAsync(host, TestUser.Alex, "duty.save", FormData(TestUser.Lee, TestUser.Alex, "2026-12-11")));
        Assert.Contains("已保存修改", saved, StringComparison.Ordinal);
        Assert.Contains("负责人：Megan Bowen → 李明", saved, StringComparison.Ordinal);
        Assert.Contains("责任领导：— → Alex Wilber", saved, StringComparison.Ordinal);
        var lee = await UserIdAsync(host, TestUser.Lee);
        var alex = await UserIdAsync(host, TestUser.Alex);

        // Past the deadline and the escalation (two days overdue: Monday 14 December).
        await RunUntilAsync(host, new DateTime(2026, 12, 15, 12, 0, 0));
        Assert.Equal(
        [
            (new DateTime(2026, 12, 7), "你有一项新任务。"),
            (new DateTime(2026, 12, 8), "提醒：距截止还有 3 天。"),
            (new DateTime(2026, 12, 10), "提醒：距截止还有 1 天。"),
            (new DateTime(2026, 12, 11), "今天截止！"),
            (new DateTime(2026, 12, 14), "已逾期 3 天，请尽快完成。"),
            (new DateTime(2026, 12, 15), "已逾期 4 天，请尽快完成。"),
        ], SentTo(host, lee).Select(s => (s.Local.Date, s.Notice)));
        Assert.Contains(SentTo(host, alex), s => s.Text.Contains("督办：李明 的任务已逾期", StringComparison.Ordinal));

        var edits = (await ChangesAsync(host)).Where(c => c.Action == DutyEditor.Edited).Select(c => FieldChange.FromDetail(c.Detail)).ToList();
        Assert.Equal([new FieldChange(FieldChange.Owner, Id(megan), Id(lee)), new FieldChange(FieldChange.Leader, "0", Id(alex))], edits);
    }

    private static async Task CancelAsync(Dictionary<string, string?>? settings)
    {
        await using var host = await StartAsync(settings);
        await CreateAsync(host, owner: TestUser.Megan, leader: TestUser.Lee, dueDate: "2026-12-09");
        var megan = await UserIdAsync(host, TestUser.Megan);
        var lee = await UserIdAsync(host, TestUser.Lee);
        await host.RunAsync();

        // Lee is the duty's leader (neither its creator nor a secretary). The command and the button both ask first.
        var asked = await SendAsync(host, TestUser.Lee, Chat, "取消任务 1");
        Assert.Contains("确定要取消这项任务吗", asked, StringComparison.Ordinal);
        Assert.Contains("确定要取消这项任务吗", Text(await ExecuteAsync(host, TestUser.Lee, "duty.cancel", new JsonObject { ["dutyId"] = 1 })), StringComparison.Ordinal);
        Assert.Contains("#1 交党费", Text(await ExecuteAsync(host, TestUser.Lee, "duty.view", new JsonObject { ["dutyId"] = 1 })), StringComparison.Ordinal);
        Assert.Equal(DutyStatus.Pending, (await host.DutiesAsync())[0].Status);

        var cancelled = Text(await ExecuteAsync(host, TestUser.Lee, "duty.cancel", new JsonObject { ["dutyId"] = 1, ["confirmed"] = "yes" }));
        Assert.Contains("已取消任务 #1", cancelled, StringComparison.Ordinal);
        Assert.Contains("取消任务 状态：未开始 → 已取消", cancelled, StringComparison.Ordinal);
        Assert.Contains("这项任务已经取消", Text(await ExecuteAsync(host, TestUser.Lee, "duty.cancel", new JsonObject { ["dutyId"] = 1, ["confirmed"] = "yes" })), StringComparison.Ordinal);
        // The owner's old reminder card: its buttons now say so instead of acting.
        Assert.Contains("这项任务已经取消", Text(await ExecuteAsync(host, TestUser.Megan, "duty.done", new JsonObject { ["dutyId"] = 1 })), StringComparison.Ordinal);

        // Past the old deadline, the overdue reminders and the escalation: the owner heard once, nobody else anything.
        var beforeCancel = host.Messenger!.Sent.Count;
        await RunUntilAsync(host, new DateTime(2026, 12, 16, 12, 0, 0));
        var told = host.Messenger.Sent.Skip(beforeCancel).ToList();
        var notice = Assert.Single(told, s => s.UserId == megan);
        Assert.Contains("李明 取消了这项任务", AllText(notice.Activity), StringComparison.Ordinal);
        Assert.DoesNotContain(told, s => s.UserId == lee && AllText(s.Activity).Contains("督办", StringComparison.Ordinal));

        var mine = await SendAsync(host, TestUser.Megan, TestConversation.Personal(TestUser.Megan), "我的任务");
        Assert.Contains("你目前没有待办任务", mine, StringComparison.Ordinal);
        var overdue = await SendAsync(host, TestUser.Alex, Chat, "逾期");
        Assert.Contains("没有逾期任务", overdue, StringComparison.Ordinal);
        Assert.DoesNotContain("交党费", overdue, StringComparison.Ordinal);

        // Kept, with its trail.
        var duty = Assert.Single(await host.DutiesAsync());
        Assert.Equal(DutyStatus.Cancelled, duty.Status);
        var change = Assert.Single(await ChangesAsync(host), c => c.Action == DutyEditor.Cancelled);
        Assert.Equal(lee, change.UserId);
        Assert.DoesNotContain(await host.RemindersAsync(), r => r.State == ReminderState.Planned);
    }

    [Fact]
    public async Task AMemberWhoIsNeitherCreatorLeaderNorSecretary_IsRefused_AndNothingChanges_UntilMadeSecretary()
    {
        await using var host = await StartAsync();
        await CreateAsync(host, owner: TestUser.Megan, leader: null, dueDate: "2026-12-11");
        await SendAsync(host, TestUser.Lee, Chat, "我的任务");
        var duties = await host.DutiesAsync();
        var reminders = await host.RemindersAsync();

        const string refusal = "只有任务的创建人、责任领导或书记可以修改或取消这项任务";
        Assert.Contains(refusal, Text(await ExecuteAsync(host, TestUser.Lee, "duty.edit", new JsonObject { ["dutyId"] = 1 })), StringComparison.Ordinal);
        Assert.Contains(refusal, Text(await ExecuteAsync(host, TestUser.Lee, "duty.save", FormData(TestUser.Lee, TestUser.Lee, "2026-12-20"))), StringComparison.Ordinal);
        Assert.Contains(refusal, Text(await ExecuteAsync(host, TestUser.Lee, "duty.cancel", new JsonObject { ["dutyId"] = 1, ["confirmed"] = "yes" })), StringComparison.Ordinal);
        Assert.Contains(refusal, await SendAsync(host, TestUser.Lee, Chat, "取消任务 1"), StringComparison.Ordinal);
        // The owner may finish, ask for help or more time, but not rewrite the duty.
        Assert.Contains(refusal, Text(await ExecuteAsync(host, TestUser.Megan, "duty.save", FormData(TestUser.Megan, null, "2026-12-20"))), StringComparison.Ordinal);
        Assert.Contains("Only the duty's creator, its leader or a secretary",
            Text(await ExecuteAsync(host, TestUser.Lee, "duty.cancel", new JsonObject { ["dutyId"] = 1 }, "en-US")), StringComparison.Ordinal);

        Assert.Equivalent(duties, await host.DutiesAsync());
        Assert.Equivalent(reminders, await host.RemindersAsync());
        Assert.Equal([DutyWorkflow.Created], (await ChangesAsync(host)).Select(c => c.Action));

        // The scope's secretaries may.
        await SendAsync(host, TestUser.Alex, Chat, "设为书记", TestUser.Lee);
        Assert.Contains("修改任务 #1", Text(await ExecuteAsync(host, TestUser.Lee, "duty.edit", new JsonObject { ["dutyId"] = 1 })), StringComparison.Ordinal);
    }

    private static async Task<DutiesHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var host = await DutiesHost.StartAsync(MondayMorning, settings: settings);
        var app = host.App;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, Chat, "add"));
        app.Connector.SetMembers(Chat.Id, [.. new[] { TestUser.Alex, TestUser.Megan, TestUser.Lee }
            .Select(u => new TeamsChannelAccount { Id = u.Id, Name = u.Name, AadObjectId = u.AadObjectId })]);
        return host;
    }

    /// <summary>Runs a scenario on a throw-away database of the test PostgreSQL server.</summary>
    private static async Task OnPostgresAsync(Func<Dictionary<string, string?>, Task> scenario)
    {
        await using var database = await ThrowawayDatabase.CreateAsync("orglife_edit_");
        await scenario(database.StoreSettings);
    }

    private static Task<JsonNode?> CreateAsync(DutiesHost host, TestUser owner, TestUser? leader, string dueDate) =>
        ExecuteAsync(host, TestUser.Alex, "duty.create", FormData(owner, leader, dueDate));

    private static JsonObject FormData(TestUser owner, TestUser? leader, string dueDate) => new()
    {
        ["dutyId"] = 1,
        ["title"] = "交党费",
        ["owner"] = owner.Id,
        ["leader"] = leader?.Id ?? "",
        ["dueDate"] = dueDate,
        ["dueTime"] = "18:00",
        ["recurrence"] = "None",
    };

    private static Task<JsonNode?> ExecuteAsync(DutiesHost host, TestUser from, string verb, JsonObject data, string locale = "zh-CN") =>
        host.App.SendAsync(TeamsActivity.Execute(host.App, from, Chat, verb, data, "card-1", locale));

    /// <summary>Sends a message and returns the bot's reply in that conversation.</summary>
    private static async Task<string> SendAsync(DutiesHost host, TestUser from, TestConversation conversation, string text, params TestUser[] mentions)
    {
        var before = host.App.Connector.Activities.Count;
        await host.App.SendAsync(TeamsActivity.Message(host.App, from, conversation, text, mentions: mentions));
        var replies = await host.App.Connector.WaitForActivitiesAsync(before + 1);
        return AllText(replies.Skip(before).Last(a => a.ConversationId.StartsWith(conversation.Id, StringComparison.Ordinal)).Activity);
    }

    /// <summary>Dispatcher passes every hour (reminders are due on the hour) up to a local time in Shanghai.</summary>
    private static async Task RunUntilAsync(DutiesHost host, DateTime localEnd)
    {
        var end = LocalTime.ToUtc(localEnd, DutiesHost.Shanghai);
        await host.RunAsync();
        while (host.Clock.GetUtcNow() < end)
        {
            host.Clock.Advance(TimeSpan.FromHours(1));
            await host.RunAsync();
        }
    }

    private static List<(DateTime Local, string Text, string Notice)> SentTo(DutiesHost host, long userId) =>
        [.. host.Messenger!.Sent.Where(s => s.UserId == userId).Select(s => (LocalTime.ToLocal(s.At, DutiesHost.Shanghai), AllText(s.Activity), Notice(s.Activity)))];

    /// <summary>The reminder card's first line: why it was sent.</summary>
    private static string Notice(Activity activity) =>
        activity.Attachments?.FirstOrDefault()?.Content?["body"]?[0]?["text"]?.GetValue<string>() ?? "";

    private static Task<long> UserIdAsync(DutiesHost host, TestUser user) =>
        host.WithAsync(sp => sp.GetRequiredService<BotDbContext>().Users.Where(u => u.TeamsId == user.Id).Select(u => u.Id).SingleAsync());

    private static Task<List<DutyChange>> ChangesAsync(DutiesHost host) =>
        host.WithAsync(sp => sp.GetRequiredService<BotDbContext>().Set<DutyChange>().AsNoTracking().OrderBy(c => c.Id).ToListAsync());

    private static string Id(long userId) => userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string AllText(Activity activity) =>
        (activity.Text ?? "") + string.Concat(activity.Attachments?.Select(a => a.Content?.ToJsonString(Readable) ?? "") ?? []);

    private static string Text(JsonNode? response) => response?.ToJsonString(Readable) ?? "";
}
