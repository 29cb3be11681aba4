using System.Net;
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
}
