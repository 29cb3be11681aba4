using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Features.Regulations.Answering;
using OrgLife.Bot.Tests.Hosting;
using static OrgLife.Bot.Tests.Features.Regulations.RegulationsTestKit;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>Questions through /api/messages: the cited card reaches the connector, in Chinese or English, in 1:1 or a channel.</summary>
public sealed class AskTests
{
    [Fact]
    public async Task Question_InPersonalChat_GetsCard_CitingArticle7OfTheConstitution()
    {
        await using var app = await BotApplication.StartAsync();
        await ImportDangzhangAsync(app);
        var chat = TestConversation.Personal(TestUser.Lee);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, chat, "预备期多长时间？"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var text = Text(Card(sent[0]));
        Assert.Contains("《中国共产党章程》第七条", text, StringComparison.Ordinal);
        Assert.Contains("预备党员的**预备期**为一年", text, StringComparison.Ordinal);
        Assert.Contains("2022年10月22日", text, StringComparison.Ordinal);
        Assert.Contains("这个回答有帮助吗", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnglishQuestion_GetsEnglishCard_WithTheChineseCitation()
    {
        await using var app = await BotApplication.StartAsync();
        await ImportDangzhangAsync(app);
        var chat = TestConversation.Personal(TestUser.Alex);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "How long is the probationary period for a probationary member?", "en-US"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var text = Text(Card(sent[0]));
        Assert.Contains("According to 《中国共产党章程》第七条", text, StringComparison.Ordinal);
        Assert.Contains("The probationary period of a probationary member is one year.", text, StringComparison.Ordinal);
        Assert.Contains("Was this helpful?", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("预备期多长时间？", "第七条")]
    [InlineData("党员几个月不交党费算自动脱党？", "第九条")]
    public async Task FreshStart_ReadmeExamples_AreAnsweredFromTheBundledPartyConstitution(string question, string article)
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.Personal(TestUser.Alex);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, question));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Contains($"《中国共产党章程》{article}", Text(Card(sent[0])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreshStart_EnglishExample_IsAnsweredWithTheOfficialTranslation()
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.Personal(TestUser.Alex);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "How long is the probationary period?", "en-US"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var text = Text(Card(sent[0]));
        Assert.Contains("《中国共产党章程》第七条", text, StringComparison.Ordinal);
        Assert.Contains("The probationary period of a probationary member is one year.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_WithMentionInChannel_IsAnsweredInTheThread()
    {
        await using var app = await BotApplication.StartAsync();
        await ImportDangzhangAsync(app);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Megan, TestConversation.Channel, "问 预备期多长时间", mentionBot: true));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Equal(TestConversation.Channel.Id, sent[0].ConversationId);
        Assert.Contains("第七条", Text(Card(sent[0])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BareArticleNumber_AfterAnAnswer_ResolvesInTheDocumentJustCited()
    {
        await using var app = await BotApplication.StartAsync();
        await ImportDangzhangAsync(app);
        var chat = TestConversation.Personal(TestUser.Lee);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, chat, "预备期多长时间？"));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, chat, "第三十条"));

        var sent = await app.Connector.WaitForActivitiesAsync(2);
        Assert.Contains("《中国共产党章程》第三十条", Text(Card(sent[1])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleRules_AreLoadedAtFirstStart_AndAnswerOnAFreshInstall()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "党小组会多久开一次？"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Contains("《示例党支部组织生活实施细则》", Text(Card(sent[0])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("问", "请在“问”后面写上您的问题")]
    [InlineData("😀😀👍", "没看懂这个问题")]
    public async Task BadQuestion_GetsAClearMessage(string message, string expected)
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), message));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Contains(expected, sent[0].Activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastedDocument_IsRefusedPolitely_NamingTheLimit()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), new string('党', 5000)));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Contains("5000 字", sent[0].Activity.Text, StringComparison.Ordinal);
        Assert.Contains("500 字", sent[0].Activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelatedArticleButton_SendsThatArticlesCard()
    {
        await using var app = await BotApplication.StartAsync();
        await ImportDangzhangAsync(app);
        var chat = TestConversation.Personal(TestUser.Lee);
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, chat, "预备期多长时间？"));
        var answer = (await app.Connector.WaitForActivitiesAsync(1))[0];
        var related = Action(Card(answer), "reg.article");

        await app.SendAsync(TeamsActivity.Submit(app, TestUser.Lee, chat, DataOf(related), answer.AssignedId!));

        var sent = await app.Connector.WaitForActivitiesAsync(2);
        Assert.Contains(related["title"]!.GetValue<string>(), Text(Card(sent[1])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_IsStored_AndTheCardThanks()
    {
        await using var app = await BotApplication.StartAsync();
        await ImportDangzhangAsync(app);
        var chat = TestConversation.Personal(TestUser.Lee);
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, chat, "预备期多长时间？"));
        var answer = (await app.Connector.WaitForActivitiesAsync(1))[0];
        var down = Action(Card(answer), "reg.feedback", skip: 1);

        var response = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Lee, chat, "reg.feedback", DataOf(down), answer.AssignedId!));

        var card = InvokeCard(response);
        Assert.Contains("谢谢反馈", Text(card), StringComparison.Ordinal);
        Assert.Contains("第七条", Text(card), StringComparison.Ordinal);
        Assert.DoesNotContain("reg.feedback", card!.ToJsonString(), StringComparison.Ordinal);
        var row = await app.WithStoreAsync(db => db.Set<AskedQuestion>().SingleAsync());
        Assert.Equal(QuestionFeedback.NotHelpful, row.Feedback);
        Assert.Equal("预备期多长时间？", row.Question);
        Assert.Equal("《中国共产党章程》第七条", row.Citation);
    }
}
