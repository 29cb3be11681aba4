using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrgLife.Protocol.Authentication;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;
using OrgLife.Protocol.Tests.Authentication;
using OrgLife.Protocol.Tests.Support;
using OrgLife.Testing;

namespace OrgLife.Protocol.Tests.Connector;

/// <summary>The bot's token goes only to Microsoft's service hosts (or loopback in local mode); nothing else is called.</summary>
public sealed class TrustedServiceUrlTests(OpenIdServerFixture fixture) : IClassFixture<OpenIdServerFixture>
{
    private const string AppId = "trusted-hosts-app";

    private static TrustedServiceUrls Policy(bool authenticated, params string[] hosts) => new(
        Options.Create(new ConnectorOptions { TrustedServiceHosts = hosts.Length == 0 ? null : hosts }),
        Options.Create(new BotAuthenticationOptions { AppId = authenticated ? AppId : null }));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://SMBA.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/teams/", true)]
    [InlineData("http://smba.trafficmanager.net/amer/", false)]
    [InlineData("https://smba.trafficmanager.net:8443/amer/", false)]
    [InlineData("https://smba.trafficmanager.net.attacker.example/amer/", false)]
    [InlineData("https://attacker.example/smba.trafficmanager.net/", false)]
    [InlineData("https://user@smba.trafficmanager.net/amer/", false)]
    [InlineData("https://127.0.0.1/", false)]
    [InlineData("ftp://smba.trafficmanager.net/", false)]
    [InlineData("not a url", false)]
    public void Authenticated_DefaultList_TrustsMicrosoftTeamsHostsOverHttpsOnly(string serviceUrl, bool trusted) =>
        Assert.Equal(trusted, Policy(authenticated: true).IsTrusted(serviceUrl));

    [Theory]
    [InlineData("https://frontend.botapi.msg.infra.teams.microsoftonline.cn/", true)]
    [InlineData("https://a.example.org/", true)]
    [InlineData("https://example.org/", false)]
    [InlineData("http://127.0.0.1:5000/_connector/", true)]
    [InlineData("http://127.0.0.1:5001/_connector/", false)]
    [InlineData("https://smba.trafficmanager.net/amer/", false)]
    public void Authenticated_ConfiguredList_ReplacesTheDefaults(string serviceUrl, bool trusted) =>
        Assert.Equal(trusted, Policy(true, "frontend.botapi.msg.infra.teams.microsoftonline.cn", "*.example.org", "http://127.0.0.1:5000").IsTrusted(serviceUrl));

    [Theory]
    [InlineData("http://localhost:3978/", true)]
    [InlineData("http://127.0.0.1:56150/_connector", true)]
    [InlineData("http://[::1]:8080/", true)]
    [InlineData("https://smba.trafficmanager.net/amer/", false)]
    [InlineData("http://10.0.0.5/", false)]
    [InlineData("http://localhost.attacker.example/", false)]
    public void LocalMode_TrustsLoopbackOnly(string serviceUrl, bool trusted) =>
        Assert.Equal(trusted, Policy(false, "smba.trafficmanager.net").IsTrusted(serviceUrl));

    [Fact]
    public async Task Outbound_UntrustedHost_FailsWithoutAnyRequestOrToken()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        await using var elsewhere = await FakeConnector.StartAsync();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.SendToConversationAsync(elsewhere.ServiceUrl, "a:conv", new Activity { Type = ActivityTypes.Message, Text = "hi" }));

        Assert.True(ex.IsUntrustedServiceUrl);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, ex.StatusCode);
        Assert.Empty(elsewhere.Requests);
        Assert.Empty(harness.Fake.TokenRequests);
    }

    [Fact]
    public async Task Inbound_SignedActivityForUntrustedHost_Is403AndNothingIsCalled()
    {
        await using var trusted = await FakeConnector.StartAsync();
        await using var elsewhere = await FakeConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = "secret",
            ["Bot:TenantId"] = "tenant-1",
            ["Bot:OpenIdMetadataUrl"] = fixture.Server.MetadataUrl.AbsoluteUri,
            ["Bot:Authority"] = trusted.ServiceUrl,
            ["Connector:TrustedServiceHosts:0"] = trusted.BaseUrl.GetLeftPart(UriPartial.Authority),
        });
        host.Bot.OnMessage = turn => turn.SendActivityAsync("echo");
        var token = TokenMinter.Bearer(fixture.Server.CreateMinter(AppId).Mint(elsewhere.ServiceUrl));

        using var response = await host.PostAsync(Fixtures.Body("message.json", elsewhere.ServiceUrl).ToJsonString(), token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("UntrustedServiceUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Bot.Turns);
        Assert.Empty(elsewhere.Requests);
        Assert.Empty(trusted.TokenRequests);
    }

    [Fact]
    public async Task LocalMode_RequestWithAuthorizationHeader_NeverFetchesThePublicMetadata()
    {
        var outbound = new RecordingHandler();
        await using var fake = await FakeConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(
            new Dictionary<string, string?>(),
            services => services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => outbound.New())));

        using var response = await host.PostAsync(Fixtures.Body("message.json", fake.ServiceUrl).ToJsonString(), "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(outbound.Hosts, h => !TrustedServiceUrls.IsLoopback(new Uri($"http://{h}/")));
    }

    /// <summary>Records the host of every request any factory-made client sends.</summary>
    private sealed class RecordingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _hosts = new();

        public IReadOnlyCollection<string> Hosts => _hosts;

        public DelegatingHandler New() => new Recorder(_hosts);

        private sealed class Recorder(System.Collections.Concurrent.ConcurrentQueue<string> hosts) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                hosts.Enqueue(request.RequestUri?.Authority ?? "?");
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
