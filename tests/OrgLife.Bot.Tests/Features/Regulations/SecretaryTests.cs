using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Features.Regulations.Answering;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;
using static OrgLife.Bot.Tests.Features.Regulations.RegulationsTestKit;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>"问书记": not covered → forwarded to the secretary → answered back to the asker → kept as a curated answer.</summary>
public sealed class SecretaryTests
{
    private const string Uncovered = "单位食堂几点开门？";

    [Fact]
    public async Task NotCovered_ForwardedToSecretary_AnswerReachesAsker_AndIsAnsweredDirectlyNextTime()
    {
        await using var app = await BotApplication.StartAsync();
        var team = TestConversation.Channel;
        await SetUpTeamWithSecretaryAsync(app, team);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, team, Uncovered, mentionBot: true));
        var notCovered = (await app.Connector.WaitForActivitiesAsync(3))[2];
        Assert.Contains("没有找到答案", Text(Card(notCovered)), StringComparison.Ordinal);
        var ask = Action(Card(notCovered), "reg.forward");

        var forwardedResponse = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Lee, team, "reg.forward", DataOf(ask), notCovered.AssignedId!));
        Assert.Contains("已转给Megan Bowen", Text(InvokeCard(forwardedResponse)), StringComparison.Ordinal);

        var forwarded = await WaitForCardAsync(app, "党员提问待答复");
        Assert.Contains(Uncovered, Text(Card(forwarded)), StringComparison.Ordinal);
        var meganChat = new TestConversation(forwarded.ConversationId, "personal");
        var reply = DataOf(Action(Card(forwarded), "reg.reply"));
        reply["answer"] = "食堂早上七点开门。";
        reply["faq"] = "true";

        var replyResponse = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Megan, meganChat, "reg.reply", reply, forwarded.AssignedId ?? "1"));
        var closed = Text(InvokeCard(replyResponse));
        Assert.Contains("已把答复发给李明", closed, StringComparison.Ordinal);
        Assert.Contains("已保存为常见问答", closed, StringComparison.Ordinal);

        var delivered = await WaitForCardAsync(app, "书记答复了您的问题");
        Assert.Contains("食堂早上七点开门。", Text(Card(delivered)), StringComparison.Ordinal);
        Assert.NotEqual(team.Id, delivered.ConversationId);

        var before = app.Connector.Activities.Count;
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, team, "单位食堂几点开门", mentionBot: true));
        var again = (await app.Connector.WaitForActivitiesAsync(before + 1))[before];
        var faq = Text(Card(again));
        Assert.Contains("常见问答", faq, StringComparison.Ordinal);
        Assert.Contains("食堂早上七点开门。", faq, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", faq, StringComparison.Ordinal);

        var row = await app.WithStoreAsync(db => db.Set<AskedQuestion>().SingleAsync(q => q.ForwardedAt != null));
        Assert.Equal("食堂早上七点开门。", row.SecretaryAnswer);
        Assert.Equal(1, await app.WithStoreAsync(db => db.Set<CuratedAnswer>().CountAsync()));

        // Other wording, same question: the saved answer is found through retrieval, not only by the same words.
        before = app.Connector.Activities.Count;
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, team, "食堂早上什么时间开门？", mentionBot: true));
        var reworded = Text(Card((await app.Connector.WaitForActivitiesAsync(before + 1))[before]));
        Assert.Contains("食堂早上七点开门。", reworded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyAnswer_IsReportedOnTheForm_AndNothingIsSent()
    {
        await using var app = await BotApplication.StartAsync();
        var team = TestConversation.Channel;
        await SetUpTeamWithSecretaryAsync(app, team);
        var forwarded = await ForwardAsync(app, team);
        var reply = DataOf(Action(Card(forwarded), "reg.reply"));
        reply["answer"] = "   ";
        var before = app.Connector.Activities.Count;

        var response = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Megan, new TestConversation(forwarded.ConversationId, "personal"), "reg.reply", reply, forwarded.AssignedId ?? "1"));

        Assert.Contains("请先写下答复内容", Text(InvokeCard(response)), StringComparison.Ordinal);
        Assert.Equal(before, app.Connector.Activities.Count);
    }

    [Fact]
    public async Task NoSecretary_ForwardGoesToTheAdmin()
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.GroupChat;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, chat, Uncovered));
        var notCovered = (await app.Connector.WaitForActivitiesAsync(2))[1];

        var response = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Lee, chat, "reg.forward", DataOf(Action(Card(notCovered), "reg.forward")), notCovered.AssignedId!));

        Assert.Contains("已转给Alex Wilber", Text(InvokeCard(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenQuestions_ListsForwardedAndDownVotedQuestions_ForTheSecretary()
    {
        await using var app = await BotApplication.StartAsync();
        var team = TestConversation.Channel;
        await SetUpTeamWithSecretaryAsync(app, team);
        await ForwardAsync(app, team);
        var before = app.Connector.Activities.Count;
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, team, "党小组会多久开一次？", mentionBot: true));
        var answer = (await app.Connector.WaitForActivitiesAsync(before + 1))[before];
        await app.SendAsync(TeamsActivity.Execute(app, TestUser.Lee, team, "reg.feedback", DataOf(Action(Card(answer), "reg.feedback", skip: 1)), answer.AssignedId!));

        before = app.Connector.Activities.Count;
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Megan, TestConversation.Personal(TestUser.Megan), "待答问题"));

        var open = Text(Card((await app.Connector.WaitForActivitiesAsync(before + 1))[before]));
        Assert.Contains(Uncovered, open, StringComparison.Ordinal);
        Assert.Contains("党小组会多久开一次？", open, StringComparison.Ordinal);
        Assert.Contains("没帮助", open, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenQuestions_FromAMember_IsRefused()
    {
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "待答问题"));

        Assert.Contains("只有书记和管理员", (await app.Connector.WaitForActivitiesAsync(1))[0].Activity.Text, StringComparison.Ordinal);
    }

    private static async Task SetUpTeamWithSecretaryAsync(BotApplication app, TestConversation team)
    {
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, team, "add"));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, team, "设为书记", "zh-CN", true, TestUser.Megan));
        await app.Connector.WaitForActivitiesAsync(2);
    }

    private static async Task<ReceivedActivity> ForwardAsync(BotApplication app, TestConversation team)
    {
        var before = app.Connector.Activities.Count;
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, team, Uncovered, mentionBot: true));
        var notCovered = (await app.Connector.WaitForActivitiesAsync(before + 1))[before];
        await app.SendAsync(TeamsActivity.Execute(app, TestUser.Lee, team, "reg.forward", DataOf(Action(Card(notCovered), "reg.forward")), notCovered.AssignedId!));
        return await WaitForCardAsync(app, "党员提问待答复");
    }

    private static async Task<ReceivedActivity> WaitForCardAsync(BotApplication app, string text)
    {
        for (var count = 1; ; count++)
        {
            var sent = await app.Connector.WaitForActivitiesAsync(count);
            if (sent.FirstOrDefault(a => Card(a) is JsonObject card && Text(card).Contains(text, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }
        }
    }
}
