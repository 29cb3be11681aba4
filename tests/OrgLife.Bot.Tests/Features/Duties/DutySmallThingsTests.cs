using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Duties;

/// <summary>Import by address, past deadlines, import links, day counts, plurals, status lines, settings errors, help replies.</summary>
public sealed class DutySmallThingsTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static string AllText(Activity activity) =>
        (activity.Text ?? "") + string.Concat(activity.Attachments?.Select(a => a.Content?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) ?? []);

    [Fact]
    public async Task Import_OwnerGivenByEmailOrUpn_IsFoundAmongTheMembers()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var app = host.App;
        var chat = TestConversation.GroupChat;
        app.Connector.SetMembers(chat.Id,
            new TeamsChannelAccount { Id = TestUser.Alex.Id, Name = TestUser.Alex.Name, AadObjectId = TestUser.Alex.AadObjectId, Email = "alex@contoso.com", UserPrincipalName = "alex@contoso.com" },
            new TeamsChannelAccount { Id = TestUser.Megan.Id, Name = TestUser.Megan.Name, AadObjectId = TestUser.Megan.AadObjectId, Email = "megan.bowen@contoso.com", UserPrincipalName = "meganb@contoso.onmicrosoft.com" });
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        var before = app.Connector.Activities.Count;

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "导入任务\n标题,负责人,责任领导,截止\n交党费,megan.bowen@contoso.com,alex@contoso.com,2026-12-15\n述职,meganb@contoso.onmicrosoft.com,,2026-12-20"));

        var reply = (await app.Connector.WaitForActivitiesAsync(before + 1))[^1];
        Assert.Contains("已导入 2 项任务", reply.Activity.Text, StringComparison.Ordinal);
        var duties = await host.DutiesAsync();
        Assert.Equal(2, duties.Count);
        Assert.Single(duties.Select(d => d.OwnerUserId).Distinct());
    }

    [Fact]
    public async Task Import_APastDeadline_IsRefusedLikeOnTheForm()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var app = host.App;
        var chat = TestConversation.Personal(TestUser.Alex);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "导入任务\n标题,负责人,截止\n交党费,Alex Wilber,2026-12-01"));

        var reply = (await app.Connector.WaitForActivitiesAsync(1))[^1];
        Assert.Contains("“2026-12-01”已经过去", AllText(reply.Activity), StringComparison.Ordinal);
        Assert.Empty(await host.DutiesAsync());
    }

    [Theory]
    [InlineData("http://example.org/duties.csv", "https")]
    [InlineData("https://127.0.0.1:1/healthz", "内部网络地址")]
    [InlineData("https://localhost:1/healthz", "内部网络地址")]
    [InlineData("https://169.254.169.254/latest", "内部网络地址")]
    [InlineData("https://[::1]:1/healthz", "内部网络地址")]
    [InlineData("https://[::ffff:127.0.0.1]:1/healthz", "内部网络地址")]
    [InlineData("https://10.0.0.8/duties.csv", "内部网络地址")]
    public async Task ImportLink_IsFetchedOnlyOverHttpsFromPublicHosts(string url, string expected)
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var app = host.App;

        var body = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "duty.import", new JsonObject { ["url"] = url }, "import-card"));

        Assert.Contains(expected, body!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        Assert.DoesNotContain(app.Connector.Requests, r => r.Path.Contains("healthz", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-12-07T10:00:00Z", 0)] // 18:00 the same day in Shanghai: late, but not a day late
    [InlineData("2026-12-07T16:30:00Z", 1)] // 00:30 the next morning: one calendar day
    [InlineData("2026-12-09T01:00:00Z", 2)]
    public void DaysOverdue_AreCalendarDaysInTheLocalZone(string now, int days)
    {
        var due = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero); // 17:00 Shanghai

        Assert.Equal(days, DutyViews.CalendarDaysLate(due, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), DutiesHost.Shanghai));
    }

    [Fact]
    public async Task Lists_SayOneDuty_AndADoneDutySaysDoneOnce()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var (scope, users) = await host.SeedAsync(("Megan", null), ("Lee", null));
        var duty = (await host.CreateAsync(scope, users[1], DutiesHost.Draft("交党费", users[0], users[1], new DateTime(2026, 12, 15, 18, 0, 0))))[0];

        var (count, line) = await host.WithAsync(async sp =>
        {
            var cards = sp.GetRequiredService<DutyCards>();
            var views = await sp.GetRequiredService<DutyViews>().ViewsAsync([duty], DutiesHost.Shanghai, CancellationToken.None);
            using var _ = OrgLife.Bot.Platform.Routing.BotCulture.Use(OrgLife.Bot.Platform.Routing.BotCulture.English);
            var list = cards.List("My duties", views, "none").ToJsonString();
            duty.Status = DutyStatus.Done;
            var done = (await sp.GetRequiredService<DutyViews>().ViewsAsync([duty], DutiesHost.Shanghai, CancellationToken.None))[0];
            using var __ = OrgLife.Bot.Platform.Routing.BotCulture.Use(OrgLife.Bot.Platform.Routing.BotCulture.Chinese);
            return (list, cards.StatusLine(done));
        });

        Assert.Contains("\"1 duty\"", count, StringComparison.Ordinal);
        Assert.Equal("已完成", line);
    }

    [Fact]
    public async Task ReminderSettings_ReportEveryInvalidField()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var app = host.App;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, TestConversation.GroupChat, "add"));

        var body = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Alex, TestConversation.GroupChat, "duty.settings", new JsonObject
        {
            ["daysBefore"] = "soon", ["remindAt"] = "25:00", ["quietFrom"] = "22:00", ["quietUntil"] = "07:00", ["overdueRepeats"] = "99", ["escalateAfterDays"] = "-1",
        }, "settings-card"));

        var text = body!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var key in new[] { "SettingsBadDays", "SettingsBadTime", "SettingsBadRepeats", "SettingsBadEscalate" })
        {
            var message = await host.WithAsync(sp => Task.FromResult(sp.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<DutiesStrings>>()[key].Value));
            Assert.Contains(message, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Leader_AnswersAHelpRequest_FromItsCard_AndTheOwnerGetsTheAnswer()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning);
        var (scope, users) = await host.SeedAsync(("Megan", null), ("李书记", null));
        var duty = (await host.CreateAsync(scope, users[1], DutiesHost.Draft("交党费", users[0], users[1], new DateTime(2026, 12, 15, 18, 0, 0))))[0];
        var owner = new TestUser("29:user-0", "Megan", "");
        var leader = new TestUser("29:user-1", "李书记", "");
        await host.App.SendAsync(TeamsActivity.Execute(host.App, owner, TestConversation.Personal(owner), "duty.help", new JsonObject { ["dutyId"] = duty.Id, ["helpMessage"] = "材料在哪里？" }, "card"));
        await host.RunAsync();
        var request = host.Messenger!.Sent.Last(s => s.UserId == users[1]).Activity;
        Assert.Contains("duty.helpanswer", AllText(request), StringComparison.Ordinal);

        await host.App.SendAsync(TeamsActivity.Execute(host.App, leader, TestConversation.Personal(leader), "duty.helpanswer", new JsonObject { ["dutyId"] = duty.Id, ["helpAnswer"] = "在党员活动室" }, "card"));
        await host.RunAsync();

        var answer = host.Messenger.Sent.Last(s => s.UserId == users[0]).Activity;
        Assert.Contains("李书记 回复了你的求助：在党员活动室", AllText(answer), StringComparison.Ordinal);
    }
}
