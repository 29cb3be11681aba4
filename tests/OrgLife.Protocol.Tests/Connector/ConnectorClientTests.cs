using System.Net;
using System.Text.Json.Nodes;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;
using OrgLife.Testing;

namespace OrgLife.Protocol.Tests.Connector;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string ChannelThread = "19:abc@thread.tacv2;messageid=1700000000000";
    private const string EncodedChannelThread = "19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000";

    private ConnectorHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ConnectorHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text };

    private ReceivedRequest LastConnectorRequest() => _harness.Fake.Requests.Last(r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));

    [Fact]
    public async Task ReplyToActivity_ChannelThread_PostsToEncodedPathAndReturnsId()
    {
        var result = await _harness.Client.ReplyToActivityAsync(_harness.ServiceUrl, ChannelThread, "1700000000001", Text("hello"));

        var request = LastConnectorRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v3/conversations/{EncodedChannelThread}/activities/1700000000001", request.RawTarget);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        var received = Assert.Single(_harness.Fake.Activities);
        Assert.Equal(ConnectorOperation.Reply, received.Operation);
        Assert.Equal(ChannelThread, received.ConversationId);
        Assert.Equal("hello", received.Activity.Text);
        Assert.NotNull(result?.Id);
        Assert.Equal(received.AssignedId, result.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendToConversation_ServiceUrlWithOrWithoutTrailingSlash_JoinsOnce(bool trailingSlash)
    {
        var serviceUrl = trailingSlash ? _harness.ServiceUrl : _harness.ServiceUrl.TrimEnd('/');

        await _harness.Client.SendToConversationAsync(serviceUrl, "a:1:2", Text("hi"));

        Assert.Equal("/v3/conversations/a%3A1%3A2/activities", LastConnectorRequest().RawTarget);
        Assert.Equal(ConnectorOperation.Send, Assert.Single(_harness.Fake.Activities).Operation);
    }

    [Fact]
    public void BuildUri_ServiceUrlWithPath_KeepsThePath()
    {
        var uri = ConnectorClient.BuildUri("https://smba.trafficmanager.net/amer/", "v3/conversations/", "a:b;c=d@e", "/activities/", "x/y");

        Assert.Equal("https://smba.trafficmanager.net/amer/v3/conversations/a%3Ab%3Bc%3Dd%40e/activities/x%2Fy", uri.AbsoluteUri);
    }

    [Fact]
    public async Task UpdateActivity_PutsActivityWithItsId()
    {
        var result = await _harness.Client.UpdateActivityAsync(_harness.ServiceUrl, "a:conv", "act-7", Text("edited"));

        var request = LastConnectorRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/v3/conversations/a%3Aconv/activities/act-7", request.RawTarget);
        Assert.Equal("act-7", (string?)JsonNode.Parse(request.Body)!["id"]);
        Assert.Equal("act-7", result?.Id);
    }

    [Fact]
    public async Task DeleteActivity_SendsDelete()
    {
        await _harness.Client.DeleteActivityAsync(_harness.ServiceUrl, "a:conv", "act-7");

        var request = LastConnectorRequest();
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/v3/conversations/a%3Aconv/activities/act-7", request.RawTarget);
        Assert.Equal(ConnectorOperation.Delete, Assert.Single(_harness.Fake.Activities).Operation);
    }

    [Fact]
    public async Task CreatePersonalConversation_PostsTenantAndMember_ThenSendsProactively()
    {
        var bot = new ChannelAccount { Id = "28:app-id-1", Name = "OrgLife" };
        var user = new ChannelAccount { Id = "29:user-1", Name = "Alex" };

        var reference = await _harness.Adapter.CreatePersonalConversationAsync(_harness.ServiceUrl, "tenant-9", bot, user, CancellationToken.None);
        await _harness.Adapter.ContinueConversationAsync(reference, (turn, ct) => turn.SendActivityAsync("reminder", ct), CancellationToken.None);

        var created = Assert.Single(_harness.Fake.CreatedConversations);
        Assert.False(created.Parameters.IsGroup);
        Assert.Equal("tenant-9", created.Parameters.TenantId);
        Assert.Equal("tenant-9", (string?)created.Parameters.ChannelData?["tenant"]?["id"]);
        Assert.Equal("29:user-1", Assert.Single(created.Parameters.Members!).Id);
        Assert.Equal("28:app-id-1", created.Parameters.Bot?.Id);
        Assert.Equal("/v3/conversations", _harness.Fake.Requests.First(r => r.Path.StartsWith("/v3/", StringComparison.Ordinal)).RawTarget);
        Assert.Equal(created.Id, reference.Conversation.Id);
        var sent = Assert.Single(_harness.Fake.Activities);
        Assert.Equal(ConnectorOperation.Send, sent.Operation);
        Assert.Equal(created.Id, sent.ConversationId);
        Assert.Equal("reminder", sent.Activity.Text);
        Assert.Null(sent.Activity.ReplyToId);
    }

    [Fact]
    public async Task CreateConversation_UserWithoutTheApp_ThrowsForbidden()
    {
        _harness.Fake.Forbid("29:not-installed");

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Client.CreateConversationAsync(_harness.ServiceUrl, new ConversationParameters
        {
            Members = [new ChannelAccount { Id = "29:not-installed" }],
            TenantId = "t",
        }));

        Assert.True(ex.IsForbidden);
        Assert.Single(_harness.Fake.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetMember_KnownAndUnknownUser_ReturnsMemberOrNull()
    {
        _harness.Fake.SetMembers("a:conv", new TeamsChannelAccount { Id = "29:u1", Name = "Alex", AadObjectId = "aad-1", TenantId = "t" });

        var member = await _harness.Client.GetMemberAsync(_harness.ServiceUrl, "a:conv", "29:u1");
        var missing = await _harness.Client.GetMemberAsync(_harness.ServiceUrl, "a:conv", "29:nobody");

        Assert.Equal("aad-1", member?.EffectiveAadObjectId);
        Assert.Equal("/v3/conversations/a%3Aconv/members/29%3Au1", _harness.Fake.Requests.First(r => r.Path.Contains("members", StringComparison.Ordinal)).RawTarget);
        Assert.Null(missing);
    }

    [Fact]
    public async Task GetPagedMembers_TwoPages_FollowsContinuationToken()
    {
        _harness.Fake.SetMembers("a:conv", [.. Enumerable.Range(1, 3).Select(i => new TeamsChannelAccount { Id = $"29:u{i}" })]);

        var first = await _harness.Client.GetPagedMembersAsync(_harness.ServiceUrl, "a:conv", pageSize: 2);
        var second = await _harness.Client.GetPagedMembersAsync(_harness.ServiceUrl, "a:conv", pageSize: 2, continuationToken: first.ContinuationToken);

        Assert.Equal(["29:u1", "29:u2"], first.Members.Select(m => m.Id));
        Assert.NotNull(first.ContinuationToken);
        Assert.Equal(["29:u3"], second.Members.Select(m => m.Id));
        Assert.Null(second.ContinuationToken);
        Assert.Equal("/v3/conversations/a%3Aconv/pagedmembers?pageSize=2", _harness.Fake.Requests.First(r => r.Path.EndsWith("pagedmembers", StringComparison.Ordinal)).RawTarget);
    }

    [Fact]
    public async Task GetMembers_Roster_ReturnsEveryone()
    {
        _harness.Fake.SetMembers("a:conv", new TeamsChannelAccount { Id = "29:u1" }, new TeamsChannelAccount { Id = "29:u2" });
        var client = Assert.IsType<ConnectorClient>(_harness.Client);

        var members = await client.GetMembersAsync(_harness.ServiceUrl, "a:conv");

        Assert.Equal(2, members.Count);
    }

    [Fact]
    public async Task Send_AcceptedWithoutBody_ReturnsResponseWithNullId()
    {
        _harness.Fake.AcceptNextWithoutBody();

        var result = await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("text and card"));

        Assert.NotNull(result);
        Assert.Null(result.Id);
        Assert.Single(_harness.Fake.Activities);
    }

    [Fact]
    public async Task Send_429WithRetryAfter_ThrowsAtOnce_CarryingTheWait()
    {
        // The sender's limit must see every 429 (to pause all sends); a silent retry here would bypass it.
        _harness.Fake.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(7));

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("hi")));

        Assert.True(ex.IsThrottled);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Single(_harness.Fake.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
        Assert.Empty(_harness.Time.RequestedDelays);
    }

    [Fact]
    public async Task Send_429WithoutRetryAfter_ThrowsAtOnce_WithNoWait()
    {
        _harness.Fake.FailNext(1, HttpStatusCode.TooManyRequests);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("hi")));

        Assert.True(ex.IsThrottled);
        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public async Task Send_503WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        _harness.Fake.FailNext(1, HttpStatusCode.ServiceUnavailable, retryAfter: TimeSpan.FromSeconds(7));

        var result = await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("hi"));

        Assert.NotNull(result?.Id);
        Assert.Contains(TimeSpan.FromSeconds(7), _harness.Time.RequestedDelays);
    }

    [Fact]
    public async Task Send_RetryAfterBeyondMaxDelay_IsCapped()
    {
        _harness.Fake.FailNext(1, HttpStatusCode.ServiceUnavailable, retryAfter: TimeSpan.FromMinutes(10));

        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("hi"));

        Assert.Contains(TimeSpan.FromSeconds(20), _harness.Time.RequestedDelays);
        Assert.DoesNotContain(_harness.Time.RequestedDelays, d => d > TimeSpan.FromSeconds(20) && d < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Send_503WithoutRetryAfter_BacksOffExponentiallyWithinBounds()
    {
        _harness.Fake.FailNext(3, HttpStatusCode.ServiceUnavailable);

        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("hi"));

        var backoffs = _harness.Time.RequestedDelays.Where(d => d < TimeSpan.FromSeconds(25)).ToList();
        Assert.Equal(3, backoffs.Count);
        Assert.InRange(backoffs[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(backoffs[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(backoffs[2], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }

    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Send_TransientStatusOnce_IsRetried(HttpStatusCode status)
    {
        _harness.Fake.FailNext(1, status);

        var result = await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("hi"));

        Assert.NotNull(result?.Id);
    }

    [Fact]
    public async Task Send_503StormBeyondRetries_ThrowsWithStatusCodeAndOperationId()
    {
        _harness.Fake.FailNext(10, HttpStatusCode.ServiceUnavailable, errorCode: "ServiceUnavailable");

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("hi")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal("ServiceUnavailable", ex.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.OperationId));
        Assert.Equal(4, _harness.Fake.Requests.Count(r => r.Path.StartsWith("/v3/", StringComparison.Ordinal)));
        Assert.Empty(_harness.Fake.Activities);
    }

    [Fact]
    public async Task Send_403ForConversation_ThrowsForbiddenWithoutRetrying()
    {
        _harness.Fake.Forbid("a:gone");

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:gone", Text("hi")));

        Assert.True(ex.IsForbidden);
        Assert.Equal("BotNotInConversationRoster", ex.ErrorCode);
        Assert.Single(_harness.Fake.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_ConnectionRefused_ThrowsServiceUnavailableAfterRetries()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        // Local mode trusts every loopback port; the authenticated harness trusts only its fake connector.
        await using var local = await ConnectorHarness.StartAsync(authenticated: false);
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => local.Client.SendToConversationAsync($"http://127.0.0.1:{port}/", "a:conv", Text("hi")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal("ConnectionFailed", ex.ErrorCode);
    }

    [Fact]
    public async Task Calls_SeveralInARow_AcquireTheTokenOnceWithTenantPathAndScope()
    {
        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("1"));
        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("2"));
        await _harness.Client.GetPagedMembersAsync(_harness.ServiceUrl, "a:conv");

        var token = Assert.Single(_harness.Fake.TokenRequests);
        Assert.Equal("tenant-1", token.Tenant);
        Assert.Equal("client_credentials", token.Form["grant_type"]);
        Assert.Equal("app-id-1", token.Form["client_id"]);
        Assert.Equal("s3cret", token.Form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", token.Form["scope"]);
        Assert.All(_harness.Fake.Activities, a => Assert.Equal("Bearer fake-token-1", a.Authorization));
        var tokenRequest = _harness.Fake.Requests[0];
        Assert.Equal("/tenant-1/oauth2/v2.0/token", tokenRequest.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", tokenRequest.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_Concurrent_ShareOneTokenRequest()
    {
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, $"a:conv{i}", Text("x"))));

        Assert.Single(_harness.Fake.TokenRequests);
        Assert.Equal(16, _harness.Fake.Activities.Count);
    }

    [Fact]
    public async Task Calls_TokenNearExpiry_RefreshesTheToken()
    {
        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("1"));
        _harness.Time.Advance(TimeSpan.FromMinutes(56));
        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("2"));

        Assert.Equal(2, _harness.Fake.TokenRequests.Count);
        Assert.Equal("Bearer fake-token-2", _harness.Fake.Activities[1].Authorization);
    }

    [Fact]
    public async Task Calls_TokenStillFresh_ReusesIt()
    {
        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("1"));
        _harness.Time.Advance(TimeSpan.FromMinutes(54));
        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("2"));

        Assert.Single(_harness.Fake.TokenRequests);
    }

    [Fact]
    public async Task Send_TokenEndpointRefusesCredentials_ThrowsWithOAuthErrorAndNoSecret()
    {
        _harness.Fake.FailNextTokenRequests(1, HttpStatusCode.Unauthorized, "invalid_client");

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("hi")));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("invalid_client", ex.ErrorCode);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_harness.Fake.Activities);
    }

    [Fact]
    public async Task Send_ConnectorAnswers401_DropsTheCachedToken()
    {
        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("1"));
        _harness.Fake.FailNext(1, HttpStatusCode.Unauthorized);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("2")));
        await _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv", Text("3"));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(2, _harness.Fake.TokenRequests.Count);
        Assert.Equal("Bearer fake-token-2", _harness.Fake.Activities[^1].Authorization);
    }
}

public sealed class ConnectorClientTenancyTests
{
    [Fact]
    public async Task Calls_MultiTenantApp_RequestTokenFromBotframeworkCom()
    {
        await using var harness = await ConnectorHarness.StartAsync(appType: "MultiTenant");

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:conv", new Activity { Type = ActivityTypes.Message, Text = "x" });

        Assert.Equal("botframework.com", Assert.Single(harness.Fake.TokenRequests).Tenant);
    }

    [Fact]
    public async Task Calls_WithoutAppId_CarryNoAuthorizationHeader()
    {
        await using var harness = await ConnectorHarness.StartAsync(authenticated: false);

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:conv", new Activity { Type = ActivityTypes.Message, Text = "x" });

        Assert.Empty(harness.Fake.TokenRequests);
        Assert.Null(Assert.Single(harness.Fake.Activities).Authorization);
    }

    [Fact]
    public async Task FakeConnector_TeamsRateLimits_Throttle8thSendWithinASecond()
    {
        var time = new ManualTimeProvider();
        await using var fake = await FakeConnector.StartAsync(new FakeConnectorOptions
        {
            TimeProvider = time,
            ConversationRateLimits = FakeConnectorOptions.TeamsConversationLimits,
        });
        using var http = new HttpClient();
        var client = new ConnectorClient(http);

        for (var i = 0; i < 7; i++)
        {
            await client.SendToConversationAsync(fake.ServiceUrl, "a:conv", new Activity { Type = ActivityTypes.Message, Text = $"{i}" });
        }

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(fake.ServiceUrl, "a:conv", new Activity { Type = ActivityTypes.Message }));
        time.Advance(TimeSpan.FromSeconds(1));
        await client.SendToConversationAsync(fake.ServiceUrl, "a:conv", new Activity { Type = ActivityTypes.Message, Text = "later" });
        await client.SendToConversationAsync(fake.ServiceUrl, "a:other", new Activity { Type = ActivityTypes.Message, Text = "other" });

        Assert.True(ex.IsThrottled);
        Assert.Equal(1, fake.ThrottledCalls["a:conv"]);
        Assert.Equal(9, fake.Activities.Count);
    }

    [Fact]
    public async Task FakeConnector_WaitForActivities_CompletesWhenTheNthArrives()
    {
        await using var fake = await FakeConnector.StartAsync();
        using var http = new HttpClient();
        var client = new ConnectorClient(http);
        var waiting = fake.WaitForActivitiesAsync(2);

        await client.SendToConversationAsync(fake.ServiceUrl, "a:conv", new Activity { Type = ActivityTypes.Message, Text = "1" });
        Assert.False(waiting.IsCompleted);
        await client.SendToConversationAsync(fake.ServiceUrl, "a:conv", new Activity { Type = ActivityTypes.Message, Text = "2" });

        var received = await waiting;
        Assert.Equal(["1", "2"], received.Select(a => a.Activity.Text));
    }
}
