using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OrgLife.Protocol.Schema;
using OrgLife.Protocol.Tests.Support;

namespace OrgLife.Protocol.Tests.Hosting;

/// <summary>The endpoint in unauthenticated local mode (no Bot:AppId).</summary>
public sealed class BotEndpointTests : IAsyncLifetime
{
    private TestBotHost _host = null!;

    public async Task InitializeAsync() => _host = await TestBotHost.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static async Task<JsonObject> ReadErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.AsObject();
    }

    [Fact]
    public async Task Post_MessageWithoutToken_AnswersEmpty200()
    {
        using var response = await _host.PostAsync(Fixtures.Body("message.json").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["message"], _host.Bot.Calls);
    }

    [Fact]
    public async Task Start_WithoutAppId_LogsUnauthenticatedWarningOnce()
    {
        using var response = await _host.PostAsync(Fixtures.Body("message.json").ToJsonString());

        Assert.Single(_host.Logs.Entries, e => e.Id.Id == 100 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Post_TurnWithoutFailures_LogsNothingAtInformationOrAbove()
    {
        using var response = await _host.PostAsync(Fixtures.Body("message.json").ToJsonString());

        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Information && e.Id.Id >= 140);
    }

    [Theory]
    [InlineData("{ not json", "not a JSON activity")]
    [InlineData("[1,2]", "not a JSON activity")]
    [InlineData("\"message\"", "not a JSON activity")]
    [InlineData("null", "not a JSON activity")]
    [InlineData("", "not a JSON activity")]
    [InlineData("{\"text\":\"hi\"}", "'type'")]
    [InlineData("{\"type\":\"message\",\"conversation\":{\"id\":\"c\"}}", "'serviceUrl'")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"not a url\",\"conversation\":{\"id\":\"c\"}}", "'serviceUrl'")]
    [InlineData("{\"type\":\"invoke\",\"serviceUrl\":\"https://smba.example/\"}", "'conversation.id'")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://smba.example/\",\"conversation\":{\"id\":5}}", "not a JSON activity")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"http://localhost/x#frag\",\"conversation\":{\"id\":\"c\"}}", "fragment")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",/* note */\"serviceUrl\":\"http://localhost/\",\"conversation\":{\"id\":\"c\"}}", "not a JSON activity")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"http://localhost/\",\"conversation\":{\"id\":\"c\"},}", "not a JSON activity")]
    [InlineData("{\"type\":\"invoke\",\"name\":\"adaptiveCard/action\",\"serviceUrl\":\"http://localhost/\",\"conversation\":{\"id\":\"c\"}}", "'from.id'")]
    public async Task Post_MalformedActivity_Answers400WithErrorBody(string body, string expectedMessagePart)
    {
        using var response = await _host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ReadErrorAsync(response);
        Assert.Equal("BadRequest", (string?)error["code"]);
        Assert.Contains(expectedMessagePart, (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(_host.Bot.Turns);
    }

    [Fact]
    public async Task Post_TypingWithoutServiceUrl_IsAccepted()
    {
        using var response = await _host.PostAsync("""{"type":"typing"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["other:typing"], _host.Bot.Calls);
    }

    [Fact]
    public async Task Post_UnknownActivityTypeAndFields_AnswersEmpty200()
    {
        var body = Fixtures.Body("message.json");
        body["type"] = "somethingNew";
        body["brandNewField"] = new JsonObject { ["x"] = 1 };

        using var response = await _host.PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["other:somethingNew"], _host.Bot.Calls);
    }

    [Fact]
    public async Task Post_InvokeNobodyAnswers_Answers501()
    {
        var body = Fixtures.Body("invoke-adaptiveCard-action.json");
        body["name"] = "task/fetch";

        using var response = await _host.PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal(["invoke:task/fetch"], _host.Bot.Calls);
    }

    [Fact]
    public async Task Post_ExecuteWithInvokeResponse_AnswersItInTheBody()
    {
        _host.Bot.InvokeAnswer = AdaptiveCardInvokeResponse.Message("Checked in");

        using var response = await _host.PostAsync(Fixtures.Body("invoke-adaptiveCard-action.json").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int?)body["statusCode"]);
        Assert.Equal(AdaptiveCardInvokeResponse.MessageType, (string?)body["type"]);
        Assert.Equal("Checked in", (string?)body["value"]);
    }

    [Fact]
    public async Task Post_ExecuteWithoutVerb_AnswersCardError()
    {
        var body = Fixtures.Body("invoke-adaptiveCard-action.json");
        body["value"]!["action"]!.AsObject().Remove("verb");

        using var response = await _host.PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int?)answer["statusCode"]);
        Assert.Empty(_host.Bot.Calls);
    }

    [Fact]
    public async Task Post_BotThrows_Answers500AndLogsError()
    {
        _host.Bot.Throw = new InvalidOperationException("boom");

        using var response = await _host.PostAsync(Fixtures.Body("message.json").ToJsonString());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(_host.Logs.Entries, e => e.Id.Id == 141 && e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Get_MessagingEndpoint_IsNotRouted()
    {
        using var response = await _host.Client.GetAsync(new Uri("/api/messages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
