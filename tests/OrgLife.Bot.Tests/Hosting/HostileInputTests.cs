using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>
/// One representative hostile or odd request per class, through the real host: what a client sees
/// (status, body) and what leaves the bot (no call to a host outside the allow-list).
/// </summary>
public sealed class HostileInputTests
{
    [Fact]
    public async Task SignedMessage_ForAnUntrustedServiceUrl_Is403AndNothingIsSentAnywhere()
    {
        await using var app = await BotApplication.StartAsync();
        await using var elsewhere = await FakeConnector.StartAsync();
        var message = TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "帮助");
        message["serviceUrl"] = elsewhere.ServiceUrl;

        using var response = await app.PostAsync(message);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("UntrustedServiceUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        Assert.Empty(app.Connector.Requests);
    }

    private static async Task<HttpResponseMessage> PostRawAsync(BotApplication app, string serviceUrl, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TokenMinter.Bearer(app.Minter!.Mint(serviceUrl)));
        return await app.Client.SendAsync(request);
    }

    [Fact]
    public async Task HugeMessage_Is413WithAMessage_AndNothingIsSent()
    {
        await using var app = await BotApplication.StartAsync();
        var message = TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), new string('问', 300_000));

        using var response = await app.PostAsync(message);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("PayloadTooLarge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(app.Connector.Activities);
    }

    [Fact]
    public async Task PlainTextBody_Is415()
    {
        await using var app = await BotApplication.StartAsync();
        var message = TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "帮助");

        using var response = await PostRawAsync(app, app.ServiceUrl, message.ToJsonString(), "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(app.Connector.Activities);
    }

    [Fact]
    public async Task JsonWithATrailingComma_Is400()
    {
        await using var app = await BotApplication.StartAsync();
        var json = TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "帮助").ToJsonString();

        using var response = await PostRawAsync(app, app.ServiceUrl, json[..^1] + ",}", "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(app.Connector.Activities);
    }

    [Fact]
    public async Task OddOptionalMembers_InAChannel_AreAnsweredNormally()
    {
        await using var app = await BotApplication.StartAsync();
        var message = TeamsActivity.Message(app, TestUser.Alex, TestConversation.Channel, "帮助");
        message["localTimestamp"] = "2026-12-04t10:00:00+08:00";
        message["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = 12345 },
            ["team"] = new JsonObject { ["id"] = 678, ["name"] = new JsonObject() },
        };
        message["entities"]!.AsArray().Add(null);

        using var response = await app.PostAsync(message);
        var sent = await app.Connector.WaitForActivitiesAsync(1, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(sent, a => a.ConversationId == TestConversation.Channel.Id);
    }

    [Fact]
    public async Task NullMembersAdded_AreIgnored()
    {
        await using var app = await BotApplication.StartAsync();
        var update = TeamsActivity.MembersAdded(app, TestUser.Alex, TestConversation.GroupChat, TestUser.Megan);
        update["membersAdded"]!.AsArray().Insert(0, null);

        using var response = await app.PostAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await app.WithStoreAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, u => u.TeamsId == TestUser.Megan.Id)));
    }

    [Fact]
    public async Task InvokeWithoutFrom_Is400()
    {
        await using var app = await BotApplication.StartAsync();
        var invoke = TeamsActivity.Execute(app, TestUser.Alex, TestConversation.GroupChat, "meeting.attend", new JsonObject(), "1");
        invoke.Remove("from");

        using var response = await app.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("from.id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyRefusedByTeams_IsTriedOnceInsideTheRequest_AndNotFollowedByAnApology()
    {
        await using var app = await BotApplication.StartAsync();
        app.Connector.FailNext(10, HttpStatusCode.ServiceUnavailable);

        using var response = await app.PostAsync(TeamsActivity.Message(app, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "帮助"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(app.Connector.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
    }
}
