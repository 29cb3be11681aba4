using System.Text.Json.Nodes;
using OrgLife.Bot.Tests.Platform.Cards;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>What members see on meeting cards when people type markdown, and the wording of refusals and footers.</summary>
public sealed class AttendanceCardSafetyTests
{
    [Fact]
    public async Task MeetingTitleAndPlace_WithMarkdown_ShowAsTyped_AndNoCardHasABlankButton()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var form = s.Form("[link](http://evil.example) **x**");
        form["place"] = "<img src=x> 活动室";
        await s.ExecuteAsync(TestUser.Alex, OrgLife.Bot.Features.Attendance.AttendanceVerbs.Create, form, "form-message");
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "统计"));
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "我的出勤"));

        var cards = s.App.Connector.Activities.SelectMany(a => a.Activity.Attachments ?? []).Select(a => a.Content).OfType<JsonObject>().ToList();
        var texts = string.Join("\n", cards.Select(AttendanceScenario.Text));
        Assert.Contains(@"\\[link\\]\\(http://evil.example\\) \\*\\*x\\*\\*", texts, StringComparison.Ordinal);
        Assert.Contains(@"\\<img src=x\\> 活动室", texts, StringComparison.Ordinal);
        Assert.DoesNotContain("[link](http", texts, StringComparison.Ordinal);
        Assert.DoesNotContain("Attendance:", texts, StringComparison.Ordinal);
        Assert.True(cards.Count >= 3, texts);
        Assert.All(cards, c => Assert.Empty(SampleRenders.Problems(c)));
    }

    [Fact]
    public async Task Member_WhoMayNotCreate_IsToldSecretariesAndAdminsMay()
    {
        await using var s = await AttendanceScenario.StartAsync();

        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, s.Chat, "新建会议"));

        var reply = s.App.Connector.Activities[^1].Activity.Text;
        Assert.Contains("支部书记或管理员", reply, StringComparison.Ordinal);
    }
}
