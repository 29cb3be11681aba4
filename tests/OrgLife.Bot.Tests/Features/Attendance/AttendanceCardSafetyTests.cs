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

        Assert.Contains(s.App.Connector.Activities, a => a.ConversationId == s.Chat.Id && AttendanceScenario.Text(a).Contains("支部书记或管理员", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("zh-CN", "三会一课统计", "已取消和尚未开始的会议不计入")]
    [InlineData("en-US", "Meetings statistics", "cancelled meetings and meetings not yet started are not counted")]
    public async Task Stats_InThePersonalChat_ShowsTheBranchTheSecretaryRuns_WithAPlainFooter(string locale, string title, string footer)
    {
        await using var s = await AttendanceScenario.StartAsync();
        await s.CreateMeetingAsync();
        var personal = TestConversation.Personal(TestUser.Alex);

        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, personal, locale == "zh-CN" ? "统计" : "stats", locale));

        var stats = s.App.Connector.Activities.Single(a => a.ConversationId == personal.Id && AttendanceScenario.Text(a).Contains(title, StringComparison.Ordinal));
        var text = AttendanceScenario.Text(stats);
        Assert.Contains(footer, text, StringComparison.Ordinal);
        // The meeting is tomorrow: not held yet, so nothing is counted and no one's rate drops.
        Assert.DoesNotContain("Attendance:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Frequency", text, StringComparison.Ordinal);
        Assert.Empty(SampleRenders.Problems(stats.Activity.Attachments![0].Content as JsonObject));
    }
}
