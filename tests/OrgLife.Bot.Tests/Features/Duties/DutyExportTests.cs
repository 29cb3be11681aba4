using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OrgLife.Bot.Tests.Hosting;

namespace OrgLife.Bot.Tests.Features.Duties;

/// <summary>"导出任务" gives one-time download links, as meeting exports do, never a file embedded in the message.</summary>
public sealed class DutyExportTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Export_SendsOneTimeLinks_AndTheCsvOpensInExcelWithTheChineseIntact()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var app = host.App;
        var chat = TestConversation.Personal(TestUser.Alex);
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "导入任务\n标题,负责人,截止\n交纳党费,Alex Wilber,2026-12-15"));
        await app.Connector.WaitForActivitiesAsync(1);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "导出任务"));

        await app.Connector.WaitForActivitiesAsync(2);
        var reply = app.Connector.Activities.Single(a => a.Activity.Attachments?.Any(c => c.Content?.ToJsonString().Contains("/exports/", StringComparison.Ordinal) == true) == true).Activity;
        var attachment = Assert.Single(reply.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        var links = ((JsonObject)attachment.Content!)["actions"]!.AsArray().Select(a => a!).ToList();
        Assert.All(links, l => Assert.Equal("Action.OpenUrl", l["type"]!.GetValue<string>()));
        var csvUrl = new Uri(links.Single(l => l["title"]!.GetValue<string>().Contains("CSV", StringComparison.Ordinal))["url"]!.GetValue<string>());

        var response = await app.Client.GetAsync(csvUrl.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Contains("交纳党费", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(csvUrl.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Export_InAGroup_SendsTheLinksPrivately()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false);
        var app = host.App;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, TestConversation.GroupChat, "add"));
        var before = app.Connector.Activities.Count;

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, TestConversation.GroupChat, "导出任务"));

        var sent = await app.Connector.WaitForActivitiesAsync(before + 2);
        Assert.Contains(sent.Skip(before), a => a.ConversationId != TestConversation.GroupChat.Id && a.Activity.Attachments?.Count == 1);
        Assert.Contains(sent.Skip(before), a => a.ConversationId == TestConversation.GroupChat.Id && a.Activity.Text == "下载链接已私信发送给你。");
    }
}
