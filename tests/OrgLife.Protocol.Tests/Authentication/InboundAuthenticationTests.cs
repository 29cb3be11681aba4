using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OrgLife.Protocol.Tests.Support;
using OrgLife.Testing;

namespace OrgLife.Protocol.Tests.Authentication;

/// <summary>One local OpenID server for the whole class: generating RSA keys is the slow part.</summary>
public sealed class OpenIdServerFixture : IAsyncLifetime
{
    public LocalOpenIdServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await LocalOpenIdServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class InboundAuthenticationTests(OpenIdServerFixture fixture) : IAsyncLifetime, IClassFixture<OpenIdServerFixture>
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    private LocalOpenIdServer _openId = null!;
    private TestBotHost _host = null!;
    private TokenMinter _minter = null!;

    public async Task InitializeAsync()
    {
        _openId = fixture.Server;
        _minter = _openId.CreateMinter(AppId);
        _host = await TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = "secret",
            ["Bot:TenantId"] = "tenant-1",
            ["Bot:OpenIdMetadataUrl"] = _openId.MetadataUrl.AbsoluteUri,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
    }

    private static string Message(string serviceUrl = ServiceUrl) => Fixtures.Body("message.json", serviceUrl).ToJsonString();

    private async Task AssertRefusedAsync(string? authorization, string? body = null)
    {
        using var response = await _host.PostAsync(body ?? Message(), authorization);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Bot.Turns);
    }

    [Fact]
    public async Task Post_ValidToken_IsProcessed()
    {
        using var response = await _host.PostAsync(Message(), TokenMinter.Bearer(_minter.Mint(ServiceUrl)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["message"], _host.Bot.Calls);
    }

    [Fact]
    public async Task Post_ValidTokenWithServiceUrlInOtherCase_IsProcessed()
    {
        using var response = await _host.PostAsync(Message(), TokenMinter.Bearer(_minter.Mint(ServiceUrl.ToUpperInvariant())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_RawTokenOfTheValidShape_IsProcessed()
    {
        using var response = await _host.PostAsync(Message(), TokenMinter.Bearer(_minter.MintRaw(_minter.HeaderJson(), _minter.PayloadJson(ServiceUrl))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public Task Post_TokenSignedWithAnotherRsaAlgorithm_IsRefused(string algorithm) =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(_minter.Defaults(ServiceUrl) with { Algorithm = algorithm })));

    [Fact]
    public Task Post_ExpAsString_IsRefused()
    {
        var payload = _minter.PayloadJson(ServiceUrl);
        var exp = System.Text.Json.Nodes.JsonNode.Parse(payload)!["exp"]!.ToJsonString();
        return AssertRefusedAsync(TokenMinter.Bearer(_minter.MintRaw(_minter.HeaderJson(), payload.Replace($"\"exp\":{exp}", $"\"exp\":\"{exp}\"", StringComparison.Ordinal))));
    }

    [Fact]
    public Task Post_ServiceUrlClaimAsArray_IsRefused() =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.MintRaw(_minter.HeaderJson(),
            _minter.PayloadJson(ServiceUrl).Replace($"\"{ServiceUrl}\"", $"[\"{ServiceUrl}\",\"https://attacker.example.com/\"]", StringComparison.Ordinal))));

    [Theory]
    [InlineData("""{"alg":"RS256","kid":"no-such-key","typ":"JWT"}""")]
    [InlineData("""{"alg":"RS256","kid":"","typ":"JWT"}""")]
    [InlineData("""{"alg":"RS256","typ":"JWT"}""")]
    [InlineData("""{"alg":"RS256","kid":"no-such-key","kid":"orglife-test-endorsed","typ":"JWT"}""")]
    [InlineData("""{"alg":"RS256","kid":"orglife-test-endorsed","alg":"RS256","typ":"JWT"}""")]
    [InlineData("""{"alg":"RS256","kid":"orglife-test-unendorsed","typ":"JWT"}""")]
    public Task Post_KidNotNamingTheSigningKeyOnce_IsRefusedWithoutTryingOtherKeys(string header) =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.MintRaw(header, _minter.PayloadJson(ServiceUrl))));

    [Fact]
    public Task Post_ChannelIdInOtherCaseThanTheEndorsement_IsRefused()
    {
        var body = Fixtures.Body("message.json", ServiceUrl);
        body["channelId"] = "MSTeams";
        return AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(ServiceUrl)), body.ToJsonString());
    }

    [Fact]
    public async Task Post_TokenExpiredWithinClockSkew_IsProcessed()
    {
        var now = DateTimeOffset.UtcNow;
        var token = _minter.Mint(_minter.Defaults(ServiceUrl) with { NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-2) });

        using var response = await _host.PostAsync(Message(), TokenMinter.Bearer(token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public Task Post_WrongAudience_IsRefusedWith401() =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(_minter.Defaults(ServiceUrl) with { Audience = "another-bot" })));

    [Fact]
    public Task Post_WrongIssuer_IsRefusedWith401() =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(_minter.Defaults(ServiceUrl) with { Issuer = "https://evil.example.com" })));

    [Fact]
    public Task Post_ExpiredToken_IsRefusedWith401()
    {
        var now = DateTimeOffset.UtcNow;
        return AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(_minter.Defaults(ServiceUrl) with { NotBefore = now.AddHours(-2), Expires = now.AddMinutes(-6) })));
    }

    [Fact]
    public Task Post_TokenNotYetValid_IsRefusedWith401()
    {
        var now = DateTimeOffset.UtcNow;
        return AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(_minter.Defaults(ServiceUrl) with { NotBefore = now.AddMinutes(10), Expires = now.AddHours(1) })));
    }

    [Fact]
    public Task Post_UnsignedToken_IsRefusedWith401() =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.MintUnsigned(ServiceUrl)));

    [Fact]
    public Task Post_TamperedPayload_IsRefusedWith401() =>
        AssertRefusedAsync(TokenMinter.Bearer(TokenMinter.Tamper(_minter.Mint("https://other.example.com/"), "serviceurl", ServiceUrl)));

    [Fact]
    public Task Post_TokenSignedByUnknownKey_IsRefusedWith401() =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.MintWithUnknownKey(ServiceUrl)));

    [Fact]
    public Task Post_KeyWithoutMsteamsEndorsement_IsRefusedWith401() =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.MintWithUnendorsedKey(ServiceUrl)));

    [Fact]
    public Task Post_ChannelIdNotEndorsed_IsRefusedWith401()
    {
        var body = Fixtures.Body("message.json", ServiceUrl);
        body["channelId"] = "webchat";
        return AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(ServiceUrl)), body.ToJsonString());
    }

    [Fact]
    public Task Post_ServiceUrlDiffersFromClaim_IsRefusedWith401() =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(ServiceUrl)), Message("https://attacker.example.com/"));

    [Fact]
    public Task Post_TokenWithoutServiceUrlClaim_IsRefusedWith401() =>
        AssertRefusedAsync(TokenMinter.Bearer(_minter.Mint(_minter.Defaults(ServiceUrl) with { ServiceUrl = null })));

    [Fact]
    public Task Post_MissingAuthorizationHeader_IsRefusedWith401() => AssertRefusedAsync(null);

    [Fact]
    public Task Post_GarbledBearerToken_IsRefusedWith401() => AssertRefusedAsync("Bearer not.a.jwt");

    [Fact]
    public Task Post_NonBearerScheme_IsRefusedWith401() => AssertRefusedAsync("Basic dXNlcjpwYXNz");

    [Fact]
    public Task Post_EmptyBearer_IsRefusedWith401() => AssertRefusedAsync("Bearer ");

    [Fact]
    public Task Post_MalformedBodyWithoutToken_IsRefusedWith401BeforeParsing() => AssertRefusedAsync(null, "{ not json");

    [Fact]
    public async Task Post_MalformedBodyWithValidToken_Answers400()
    {
        using var response = await _host.PostAsync("{ not json", TokenMinter.Bearer(_minter.Mint(ServiceUrl)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Bot.Turns);
    }

    [Fact]
    public async Task Post_KeyPublishedAfterStart_IsFoundByRefetchingMetadata()
    {
        using (var warmUp = await _host.PostAsync(Message(), TokenMinter.Bearer(_minter.Mint(ServiceUrl))))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        var fetchesBefore = _openId.KeysRequests;
        var rotated = LocalOpenIdServer.CreateKey("orglife-test-rotated-" + Guid.NewGuid().ToString("N"));
        _openId.Publish(rotated, "msteams");

        using var response = await _host.PostAsync(Message(), TokenMinter.Bearer(_minter.Mint(_minter.Defaults(ServiceUrl) with { SigningKey = rotated })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(_openId.KeysRequests > fetchesBefore);
    }

    [Fact]
    public async Task Post_RefusedRequest_LogsReasonButNotToken()
    {
        var token = _minter.Mint(_minter.Defaults(ServiceUrl) with { Audience = "another-bot" });

        using var response = await _host.PostAsync(Message(), TokenMinter.Bearer(token));

        var entries = _host.Logs.Entries;
        Assert.Contains(entries, e => e.Id.Id == 101 && e.Message.Contains("audience", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_SameTokenAfterItExpired_IsRefusedDespiteEarlierSuccess()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestBotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Bot:AppId"] = AppId,
                ["Bot:AppPassword"] = "secret",
                ["Bot:TenantId"] = "tenant-1",
                ["Bot:OpenIdMetadataUrl"] = _openId.MetadataUrl.AbsoluteUri,
            },
            services => services.AddSingleton<TimeProvider>(time));
        var header = TokenMinter.Bearer(_openId.CreateMinter(AppId, time).Mint(ServiceUrl));

        using var first = await host.PostAsync(Message(), header);
        time.Advance(TimeSpan.FromMinutes(66));
        using var second = await host.PostAsync(Message(), header);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Single(host.Bot.Turns);
    }

    [Fact]
    public async Task Post_SameTokenTwice_IsAcceptedBothTimes()
    {
        var header = TokenMinter.Bearer(_minter.Mint(ServiceUrl));

        using var first = await _host.PostAsync(Message(), header);
        using var second = await _host.PostAsync(Message(), header);
        using var otherServiceUrl = await _host.PostAsync(Message("https://attacker.example.com/"), header);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherServiceUrl.StatusCode);
    }

    [Fact]
    public async Task Post_MetadataUnreachable_IsRefusedWith401NotAnError()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = "secret",
            ["Bot:TenantId"] = "tenant-1",
            ["Bot:OpenIdMetadataUrl"] = $"http://127.0.0.1:{port}/v1/.well-known/openidconfiguration",
        });

        using var response = await host.PostAsync(Message(), TokenMinter.Bearer(_minter.Mint(ServiceUrl)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
        Assert.Contains(host.Logs.Entries, e => e.Id.Id == 103);
    }
}
