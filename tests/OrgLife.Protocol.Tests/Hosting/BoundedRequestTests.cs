using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Tests.Support;
using OrgLife.Testing;

namespace OrgLife.Protocol.Tests.Hosting;

/// <summary>Odd and oversized requests: each gets the right status, and a good activity with odd optional parts still runs.</summary>
public sealed class BoundedRequestTests
{
    private static Task<TestBotHost> StartAsync(Dictionary<string, string?>? settings = null) =>
        TestBotHost.StartAsync(settings ?? new Dictionary<string, string?>());

    private static async Task<HttpResponseMessage> PostRawAsync(TestBotHost host, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await host.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Is413WithAMessage_AndTheBotNeverRuns()
    {
        await using var host = await StartAsync(new() { ["BotEndpoint:MaxRequestBytes"] = "8192" });
        var body = Fixtures.Body("message.json");
        body["text"] = new string('党', 10_000);

        using var response = await host.PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("8192 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Bot.Turns);
    }

    [Fact]
    public async Task Post_DefaultLimit_Is256KB()
    {
        await using var host = await StartAsync();
        var body = Fixtures.Body("message.json");
        body["text"] = new string('a', 300 * 1024);

        using var response = await host.PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Post_NotJsonContentType_Is415(string contentType)
    {
        await using var host = await StartAsync();

        using var response = await PostRawAsync(host, Encoding.UTF8.GetBytes(Fixtures.Body("message.json").ToJsonString()), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
    }

    [Fact]
    public async Task Post_InvalidUtf8InAMemberNobodyReads_Is400()
    {
        await using var host = await StartAsync();
        var json = Encoding.UTF8.GetBytes(Fixtures.Body("message.json").ToJsonString().Replace("\"type\"", "\"zzz\":\"\u00ff\",\"type\"", StringComparison.Ordinal));
        var at = Array.IndexOf(json, (byte)0xC3);
        json[at] = 0xFF; // a byte that never appears in UTF-8

        using var response = await PostRawAsync(host, json, "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OddOptionalMembers_AreKeptRawAndTheTurnRuns()
    {
        await using var host = await StartAsync();
        var body = Fixtures.Body("message.json");
        body["localTimestamp"] = "2026-12-04t10:00:00.000+08:00";
        body["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = 42 }, ["team"] = new JsonObject { ["id"] = new JsonArray(1), ["name"] = false } };
        body["entities"] = new JsonArray(null, new JsonObject { ["type"] = "clientInfo", ["locale"] = "zh-CN" });
        body["from"]!["name"] = 7;

        using var response = await host.PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activity = Assert.Single(host.Bot.Turns).Activity;
        Assert.Equal("2026-12-04t10:00:00.000+08:00", activity.ExtensionData!["$.localTimestamp"].GetString());
        Assert.Equal(7, activity.ExtensionData["$.from.name"].GetInt32());
        Assert.Null(activity.LocalTimestamp);
        Assert.Equal(activity.Conversation?.TenantId, activity.TenantId);
        Assert.DoesNotContain(null, activity.Entities!);
    }

    [Fact]
    public async Task Post_NullMembersAdded_AreDropped()
    {
        await using var host = await StartAsync();
        var body = Fixtures.Body("message.json");
        body["type"] = "conversationUpdate";
        body["membersAdded"] = new JsonArray(null, new JsonObject { ["id"] = "29:a" }, null);

        using var response = await host.PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var added = Assert.Single(host.Bot.Turns).Activity.MembersAdded!;
        Assert.Equal("29:a", Assert.Single(added).Id);
    }

    [Theory]
    [InlineData(".", "%2E")]
    [InlineData("..", "%2E%2E")]
    [InlineData("a/../b", "a%2F..%2Fb")]
    public void BuildUri_DotOnlyIds_SurviveAsSegments(string id, string segment)
    {
        var uri = ConnectorClient.BuildUri("https://smba.trafficmanager.net/amer/", "v3/conversations/", id, "/activities/", id);

        Assert.Equal($"https://smba.trafficmanager.net/amer/v3/conversations/{segment}/activities/{segment}", uri.OriginalString);
        Assert.Contains($"/conversations/{segment}/activities/", uri.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_ToAFailingConnector_IsOneAttemptInsideTheRequest()
    {
        await using var fake = await FakeConnector.StartAsync();
        await using var host = await StartAsync();
        host.Bot.OnMessage = turn => turn.SendActivityAsync("echo");
        fake.FailNext(10, HttpStatusCode.ServiceUnavailable);
        var watch = Stopwatch.StartNew();

        using var response = await host.PostAsync(Fixtures.Body("message.json", fake.ServiceUrl).ToJsonString());

        // The bot let the failure out, so 500; what matters is no back-off while Teams waits (the client
        // would otherwise wait 1 + 2 + 4 s): the attempt count says so, the bound is Teams' own 15 s wait.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Single(fake.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(14), $"took {watch.Elapsed}");
    }
}
