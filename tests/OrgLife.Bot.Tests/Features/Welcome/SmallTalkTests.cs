using System.Text.Json.Nodes;
using OrgLife.Bot.Tests.Hosting;
using static OrgLife.Bot.Tests.Features.Regulations.RegulationsTestKit;

namespace OrgLife.Bot.Tests.Features.Welcome;

/// <summary>Greetings, thanks and noise get a short greeting with the help buttons, never a "not covered" answer.</summary>
public sealed class SmallTalkTests
{
    [Theory]
    [InlineData("你好", "zh-CN", "你好！我是支部的组织生活助手。")]
    [InlineData("您好！", "zh-CN", "你好！我是支部的组织生活助手。")]
    [InlineData("Hello", "en-US", "Hello! I am your branch's organisational-life assistant.")]
    [InlineData("谢谢", "zh-CN", "不客气！")]
    [InlineData("thank you!", "en-US", "You're welcome!")]
    [InlineData("asdf", "zh-CN", "抱歉，没看懂这条消息。")]
    [InlineData("qwerty zxcv", "en-US", "Sorry, I didn't understand that.")]
    public async Task SmallTalk_GetsAGreetingWithTheHelpButtons(string message, string locale, string title)
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), message, locale));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var card = Card(sent[0]);
        Assert.Equal(title, card!["body"]![0]!["text"]!.GetValue<string>());
        Assert.DoesNotContain("没有找到答案", Text(card), StringComparison.Ordinal);
        Assert.DoesNotContain("not find", Text(card), StringComparison.OrdinalIgnoreCase);
        var buttons = AllActions(card).Where(a => a["data"]?["verb"]?.GetValue<string>() == "command.run").Select(a => a["data"]!["command"]!.GetValue<string>()).ToList();
        Assert.Contains(locale == "en-US" ? "help" : "帮助", buttons);
        Assert.True(buttons.Count >= 3, string.Join(", ", buttons));
    }

    [Fact]
    public async Task Greeting_FollowedByAQuestion_IsStillAnswered()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "你好，党小组会多久开一次？"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Contains("第七条", Text(Card(sent[0])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplicitAsk_OfSomethingUnknown_StillOffersTheSecretary()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "问 asdf"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Contains("知识库中没有找到答案", Text(Card(sent[0])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpCard_HasButtonsForNewDutyAndMyDuties_AndNoneForCommandsThatNeedAnArgument()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "帮助"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var buttons = AllActions(Card(sent[0])).Where(a => a["data"]?["verb"]?.GetValue<string>() == "command.run").Select(a => a["title"]!.GetValue<string>()).ToList();
        Assert.Contains("新建任务", buttons);
        Assert.Contains("我的任务", buttons);
        Assert.Contains("新建会议", buttons);
        Assert.DoesNotContain(buttons, b => b.Contains('<', StringComparison.Ordinal) || b.Contains('@', StringComparison.Ordinal) || b.Any(char.IsAsciiDigit));
        // The secretary's meeting tools are listed, usable without a number.
        var help = Text(Card(sent[0]));
        Assert.All(new[] { "名单", "提醒未回复", "结束会议", "我的会议", "统计" }, command => Assert.Contains(command, help, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PersonalWelcome_DoesNotSuggestAppointingASecretary_ButTheGroupOneDoes()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "add"));
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, TestConversation.GroupChat, "add"));

        var sent = await app.Connector.WaitForActivitiesAsync(2);
        Assert.DoesNotContain("设为书记", Text(Card(sent[0])), StringComparison.Ordinal);
        Assert.Contains("群聊", Text(Card(sent[0])), StringComparison.Ordinal);
        Assert.Contains("设为书记", Text(Card(sent[1])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuestionText_WithMarkdownAndHtml_ReachesTheCardAsText()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "问 单位食堂几点开门 [点我](http://evil.example) **粗体** <img src=x>"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var question = Card(sent[0])!["body"]!.AsArray().Select(b => b!["text"]?.GetValue<string>()).FirstOrDefault(t => t?.Contains("evil", StringComparison.Ordinal) == true) ?? Card(sent[0])!.ToJsonString();
        Assert.Equal("单位食堂几点开门 \\[点我\\]\\(http://evil.example\\) \\*\\*粗体\\*\\* \\<img src=x\\>", question);
    }
}
