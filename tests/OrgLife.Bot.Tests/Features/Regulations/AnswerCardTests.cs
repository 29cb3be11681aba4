using OrgLife.Bot.Tests.Hosting;
using static OrgLife.Bot.Tests.Features.Regulations.RegulationsTestKit;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>What a member reads on an answer card, and the "which article?" follow-up.</summary>
public sealed class AnswerCardTests
{
    [Fact]
    public async Task Answer_StartsWithTheSentenceThatAnswers_ThenTheArticle_HighlightingWholeWords()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "支部党员大会多少人到会才能开？"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var card = Card(sent[0])!;
        Assert.Equal("会议须有半数以上有表决权的党员到会方可举行。", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("依据《示例党支部组织生活实施细则》第五条", Text(card), StringComparison.Ordinal);
        Assert.Contains("支部党员大会一般每季度召开一次", string.Concat(Paragraphs(card)), StringComparison.Ordinal);
        Assert.Contains("版本：", Text(card), StringComparison.Ordinal);
        Assert.All(Highlights(card), h => Assert.True(h.Length >= 2, h));
        var related = AllActions(card).Where(a => a["data"]?["verb"]?.GetValue<string>() == "reg.article").Select(a => a["title"]!.GetValue<string>()).ToList();
        Assert.Equal(related.Distinct().Count(), related.Count);
        Assert.DoesNotContain("《示例党支部组织生活实施细则》第五条", related);
    }

    [Fact]
    public async Task Highlight_DoesNotCutAWordInHalf()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "党小组会一年开几次？"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var highlights = Highlights(Card(sent[0]));
        Assert.Contains("第七条", Text(Card(sent[0])), StringComparison.Ordinal);
        Assert.DoesNotContain("党小组会一", highlights);
    }

    [Theory]
    [InlineData("第几条规定的？", "zh-CN", "上一个回答出自《示例党支部组织生活实施细则》第七条")]
    [InlineData("which article is that?", "en-US", "The previous answer is from 《示例党支部组织生活实施细则》第七条")]
    public async Task WhichArticle_AfterAnAnswer_NamesThePreviousAnswersArticle(string followUp, string locale, string title)
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.Personal(TestUser.Lee);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, chat, "党小组会多久开一次？", locale));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, chat, followUp, locale));

        var sent = await app.Connector.WaitForActivitiesAsync(2);
        var card = Card(sent[1])!;
        Assert.Contains(title, Text(card), StringComparison.Ordinal);
        Assert.Contains("党小组会一般每月召开一次", string.Concat(Paragraphs(card)), StringComparison.Ordinal);
    }
}
