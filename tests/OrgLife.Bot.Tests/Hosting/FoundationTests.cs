using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>First contact, help, unknown input and roles, through /api/messages with real tokens.</summary>
public sealed class FoundationTests
{
    [Fact]
    public async Task Install_InPersonalChat_PostsChineseWelcomeCardOnceAndMakesInstallerAdmin()
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.Personal(TestUser.Alex);

        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        // The playground and Teams also announce the same install as a conversationUpdate.
        await app.SendAsync(TeamsActivity.MembersAdded(app, TestUser.Alex, chat, TestUser.Alex, TestUser.Bot));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Single(app.Connector.Activities);
        var card = CardOf(sent[0]);
        Assert.Equal("欢迎使用 OrgLife", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        var isAdmin = await app.WithStoreAsync(db => db.Roles.AnyAsync(r => r.Role == Role.Admin));
        Assert.True(isAdmin);
    }

    [Fact]
    public async Task Install_WithEnglishLocale_WelcomesInEnglish()
    {
        await using var app = await BotApplication.StartAsync();
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, TestConversation.GroupChat, "add", locale: "en-US"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Equal("Welcome to OrgLife", CardOf(sent[0])["body"]![0]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("帮助", "zh-CN", "OrgLife 帮助")]
    [InlineData("help", "en-US", "OrgLife help")]
    [InlineData("HELP", "en-GB", "OrgLife help")]
    public async Task Help_ListsCommandsWithButtons_InTheActivityLanguage(string text, string locale, string title)
    {
        await using var app = await BotApplication.StartAsync();
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), text, locale));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        var card = CardOf(sent[0]);
        Assert.Equal(title, card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(ConnectorOperation.Reply, sent[0].Operation);
        var buttons = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "ActionSet")!["actions"]!.AsArray();
        Assert.NotEmpty(buttons);
        Assert.All(buttons, b => Assert.Equal("command.run", b!["data"]!["verb"]!.GetValue<string>()));
        var facts = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "FactSet")!["facts"]!.AsArray();
        Assert.All(facts, f => Assert.False(string.IsNullOrWhiteSpace(f!["title"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Help_InChannelWithMention_IsRecognisedAfterStrippingTheMention()
    {
        await using var app = await BotApplication.StartAsync();
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, TestConversation.Channel, "help", "en-US"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Equal("OrgLife help", CardOf(sent[0])["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(TestConversation.Channel.Id, sent[0].ConversationId);
    }

    [Fact]
    public async Task LanguageButton_ByActionExecute_AnswersTheOtherLanguageCardInTheInvokeResponse()
    {
        await using var app = await BotApplication.StartAsync();
        var body = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Alex, TestConversation.GroupChat, "help.language",
            new JsonObject { ["language"] = "en-US" }, replyToId: "card-1"));

        Assert.Equal(200, body!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("OrgLife help", body["value"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Empty(app.Connector.Activities);
    }

    [Fact]
    public async Task LanguageButton_ByActionSubmit_ReachesTheSameHandlerAndUpdatesTheCardMessage()
    {
        await using var app = await BotApplication.StartAsync();
        await app.SendAsync(TeamsActivity.Submit(app, TestUser.Alex, TestConversation.GroupChat,
            new JsonObject { ["verb"] = "help.language", ["language"] = "en-US" }, replyToId: "card-1"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Equal(ConnectorOperation.Update, sent[0].Operation);
        Assert.Equal("card-1", sent[0].ActivityId);
        Assert.Equal("OrgLife help", CardOf(sent[0])["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task CommandButton_RunsTheCommandAsIfTyped()
    {
        await using var app = await BotApplication.StartAsync();
        await app.SendAsync(TeamsActivity.Submit(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex),
            new JsonObject { ["verb"] = "command.run", ["command"] = "help" }, replyToId: "card-1", locale: "en-US"));

        var sent = await app.Connector.WaitForActivitiesAsync(1);
        Assert.Equal("OrgLife help", CardOf(sent[0])["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownCardVerb_IsAnsweredWithAMessageNotAnError()
    {
        await using var app = await BotApplication.StartAsync();
        var body = await app.SendAsync(TeamsActivity.Execute(app, TestUser.Alex, TestConversation.GroupChat, "no.such.verb", [], "card-1", "en-US"));

        Assert.Equal("application/vnd.microsoft.activity.message", body!["type"]!.GetValue<string>());
        Assert.Contains("no longer valid", body["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateDelivery_OfTheSameMessage_IsAnsweredOnce()
    {
        await using var app = await BotApplication.StartAsync();
        var message = TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "help");

        await app.SendAsync(message);
        await app.SendAsync(message);

        await app.Connector.WaitForActivitiesAsync(1);
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "help"));
        await app.Connector.WaitForActivitiesAsync(2);
        Assert.Equal(2, app.Connector.Activities.Count);
    }

    [Fact]
    public async Task MalformedActivity_Gets400WithAClearMessage()
    {
        await using var app = await BotApplication.StartAsync(authenticated: false);
        using var content = new StringContent("{\"type\": \"message\", \"text\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await app.Client.PostAsync("/api/messages", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("message", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForgedToken_IsRefusedAndNothingIsStored()
    {
        await using var app = await BotApplication.StartAsync();
        var activity = TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "help");
        var forged = TokenMinter.Bearer(app.Minter!.MintWithUnknownKey(app.ServiceUrl));

        using var response = await app.PostAsync(activity, forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Connector.Activities);
        Assert.Equal(0, await app.WithStoreAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Healthz_ChecksTheStore()
    {
        await using var app = await BotApplication.StartAsync();
        using var response = await app.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static JsonObject CardOf(ReceivedActivity activity)
    {
        var attachment = activity.Activity.Attachments?.SingleOrDefault();
        Assert.NotNull(attachment);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return attachment.Content!.AsObject();
    }
}
