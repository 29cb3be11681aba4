using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Features.Regulations;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Llm;
using OrgLife.Bot.Features.Regulations.Retrieval;
using OrgLife.Bot.Tests.Hosting;
using static OrgLife.Bot.Tests.Features.Regulations.RegulationsTestKit;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>The optional model answer, against a local server speaking the chat-completions protocol.</summary>
public sealed class AnswerWriterTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public async Task CitingAnswer_IsKept_WithItsMarksMappedToTheSources()
    {
        await using var server = await LocalHttpServer.StartAsync(Completion("预备党员的预备期为一年[1]，预备期从支部大会通过之日算起[9]。"));
        var writer = Writer(server);

        var written = await writer.WriteAsync("预备期多长时间？", Hits(), Chinese, CancellationToken.None);

        Assert.NotNull(written);
        Assert.Equal([0], written.CitedSources);
        Assert.Equal("预备党员的预备期为一年[1]，预备期从支部大会通过之日算起。", written.Text);
    }

    [Theory]
    [InlineData("预备期为一年。")]
    [InlineData("CANNOT_ANSWER")]
    [InlineData("根据所给条文无法回答[1]。")]
    [InlineData("The probationary period is one year [7].")]
    public async Task AnswerThatCitesNothingRetrieved_OrDeclines_FallsBack(string content)
    {
        await using var server = await LocalHttpServer.StartAsync(Completion(content));

        Assert.Null(await Writer(server).WriteAsync("预备期多长时间？", Hits(), Chinese, CancellationToken.None));
    }

    [Theory]
    [InlineData(200, "{\"choices\": [")]
    [InlineData(200, "<html>gateway</html>")]
    [InlineData(500, "{\"error\":{\"message\":\"boom\"}}")]
    [InlineData(401, "{\"error\":{\"message\":\"bad key\"}}")]
    public async Task MalformedOrFailedResponse_FallsBack(int status, string body)
    {
        await using var server = await LocalHttpServer.StartAsync(async http =>
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body);
        });

        Assert.Null(await Writer(server).WriteAsync("预备期多长时间？", Hits(), Chinese, CancellationToken.None));
    }

    [Fact]
    public async Task SlowResponse_FallsBackAfterTheTimeout()
    {
        await using var server = await LocalHttpServer.StartAsync(async http =>
        {
            // Never answers; the writer must give up on its own timeout.
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var started = TimeProvider.System.GetTimestamp();

        Assert.Null(await Writer(server, TimeSpan.FromMilliseconds(300)).WriteAsync("预备期多长时间？", Hits(), Chinese, CancellationToken.None));
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task HostWithModel_SendsTheWrittenAnswer_WithItsSources()
    {
        await using var server = await LocalHttpServer.StartAsync(Completion("预备党员的预备期为一年[1]。"));
        await using var app = await BotApplication.StartAsync(settings: Settings(server, "00:00:05"));
        await ImportDangzhangAsync(app);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "预备期多长时间？"));

        var text = Text(Card((await app.Connector.WaitForActivitiesAsync(1))[0]));
        Assert.Contains("解答", text, StringComparison.Ordinal);
        Assert.Contains("预备党员的预备期为一年\\[1\\]。", text, StringComparison.Ordinal);
        Assert.Contains("\\[1\\] 《中国共产党章程》第七条", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostWithSlowModel_SendsTheExtractiveCard()
    {
        await using var server = await LocalHttpServer.StartAsync(async http =>
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        await using var app = await BotApplication.StartAsync(settings: Settings(server, "00:00:00.300"));
        await ImportDangzhangAsync(app);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "预备期多长时间？"));

        var text = Text(Card((await app.Connector.WaitForActivitiesAsync(1))[0]));
        Assert.Contains("依据《中国共产党章程》第七条", text, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    private static Dictionary<string, string?> Settings(LocalHttpServer server, string timeout) => new()
    {
        ["Regulations:Llm:Endpoint"] = new Uri(server.BaseUrl, "v1/").AbsoluteUri,
        ["Regulations:Llm:ApiKey"] = "test-key",
        ["Regulations:Llm:Model"] = "test-model",
        ["Regulations:Llm:Timeout"] = timeout,
    };

    private static OpenAiAnswerWriter Writer(LocalHttpServer server, TimeSpan? timeout = null) => new(
        Options.Create(new RegulationsOptions
        {
            Llm = new LlmOptions { Endpoint = new Uri(server.BaseUrl, "v1/").AbsoluteUri, ApiKey = "test-key", Model = "test-model", Timeout = timeout ?? TimeSpan.FromSeconds(5) },
        }),
        NullLogger<OpenAiAnswerWriter>.Instance);

    private static IReadOnlyList<RegulationHit> Hits()
    {
        var document = RegulationParser.ParseText("dz.md", "# 中国共产党章程\n\n2022年10月22日通过\n\n## 第一章 党员\n\n第七条 预备党员的预备期为一年。\n\n第八条 每个党员都必须编入党的一个支部。\n");
        return RegulationIndex.Build([document]).Search("预备期多长时间？").Hits;
    }

    private static RequestDelegate Completion(string content) => async http =>
    {
        if (!http.Request.Path.Value!.EndsWith("/chat/completions", StringComparison.Ordinal) || http.Request.Headers.Authorization != "Bearer test-key")
        {
            http.Response.StatusCode = 404;
            return;
        }

        var body = new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1700000000,
            ["model"] = "test-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 50, ["completion_tokens"] = 10, ["total_tokens"] = 60 },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    };
}
