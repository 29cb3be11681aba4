using System.Net;
using OrgLife.Protocol.Schema;
using OrgLife.Protocol.Tests.Authentication;
using OrgLife.Protocol.Tests.Support;
using OrgLife.Testing;

namespace OrgLife.Protocol.Tests.Hosting;

/// <summary>A whole authenticated turn: signed inbound request → bot → reply at the fake Connector with a client-credentials token.</summary>
public sealed class EndToEndTurnTests(OpenIdServerFixture fixture) : IClassFixture<OpenIdServerFixture>
{
    private const string AppId = "e2e-app-id";

    [Fact]
    public async Task Post_SignedMessage_ReplyReachesTheConnectorWithABotToken()
    {
        await using var fake = await FakeConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = "secret",
            ["Bot:TenantId"] = "tenant-e2e",
            ["Bot:OpenIdMetadataUrl"] = fixture.Server.MetadataUrl.AbsoluteUri,
            ["Bot:Authority"] = fake.ServiceUrl,
            ["Connector:TrustedServiceHosts:0"] = fake.BaseUrl.GetLeftPart(UriPartial.Authority),
        });
        host.Bot.OnMessage = turn => turn.SendActivityAsync($"echo: {turn.Activity.Text}");
        var body = Fixtures.Body("message-channel-thread-reply.json", fake.ServiceUrl);
        var token = fixture.Server.CreateMinter(AppId).Mint(fake.ServiceUrl);

        using var response = await host.PostAsync(body.ToJsonString(), TokenMinter.Bearer(token));
        var received = await fake.WaitForActivitiesAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(received);
        Assert.Equal(ConnectorOperation.Reply, reply.Operation);
        Assert.Equal((string?)body["conversation"]!["id"], reply.ConversationId);
        Assert.Equal((string?)body["id"], reply.ActivityId);
        Assert.Equal((string?)body["id"], reply.Activity.ReplyToId);
        Assert.Equal((string?)body["recipient"]!["id"], reply.Activity.From?.Id);
        Assert.StartsWith("echo: ", reply.Activity.Text, StringComparison.Ordinal);
        Assert.Equal("Bearer fake-token-1", reply.Authorization);
        Assert.Equal("tenant-e2e", Assert.Single(fake.TokenRequests).Tenant);
    }
}
