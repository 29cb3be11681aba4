using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>One request the model server received (the key itself is not kept, only whether it matched).</summary>
internal sealed record ModelRequest(string Path, string? ApiVersion, string Deployment, bool AzureKey, bool BearerKey, JsonObject Body)
{
    /// <summary>The system message of a chat request (tells rewriting from answering).</summary>
    public string System => Body["messages"]?.AsArray().FirstOrDefault(m => m?["role"]?.GetValue<string>() == "system")?["content"]?.ToString() ?? "";

    /// <summary>The last user message of a chat request.</summary>
    public string User => Body["messages"]?.AsArray().LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"]?.ToString() ?? "";

    public bool IsRewrite => System.Contains("search query", StringComparison.Ordinal);
}

/// <summary>
/// A local server speaking the REST protocols the bot's model clients use: Azure OpenAI
/// (<c>/openai/deployments/{deployment}/chat/completions|embeddings?api-version=…</c>, <c>api-key</c> header) and
/// the OpenAI shape (<c>/v1/chat/completions|embeddings</c>, bearer key, model in the body). Replies come from the
/// test: <see cref="Chat"/> for completions, <see cref="Embed"/> for vectors (sent as floats or base64, as asked);
/// <see cref="Failures"/> are answered first with their status code.
/// </summary>
internal sealed class ModelServer : IAsyncDisposable
{
    public const string Key = "test-key-not-real";

    private readonly LocalHttpServer _server;

    private ModelServer(LocalHttpServer server) => _server = server;

    public ConcurrentQueue<ModelRequest> Received { get; } = new();

    public Func<ModelRequest, string> Chat { get; set; } = _ => "CANNOT_ANSWER";

    public Func<string, float[]> Embed { get; set; } = _ => [1, 0, 0];

    /// <summary>Status codes answered (with Retry-After: 0) before the next real reply, one per request.</summary>
    public ConcurrentQueue<int> Failures { get; } = new();

    /// <summary>When set, requests are held until the client gives up.</summary>
    public bool Hang { get; set; }

    public Uri BaseUrl => _server.BaseUrl;

    public static async Task<ModelServer> StartAsync()
    {
        ModelServer? model = null;
        var server = await LocalHttpServer.StartAsync(http => model!.HandleAsync(http));
        model = new ModelServer(server);
        return model;
    }

    /// <summary>Settings for the bot: Azure deployments at the server's root, or the OpenAI shape under /v1/.</summary>
    public Dictionary<string, string?> Settings(bool azure, string? chat = "chat-dep", string? embeddings = null, string budget = "00:00:05") => new()
    {
        ["Regulations:Llm:Endpoint"] = azure ? BaseUrl.AbsoluteUri : new Uri(BaseUrl, "v1/").AbsoluteUri,
        ["Regulations:Llm:ApiKey"] = Key,
        ["Regulations:Llm:ChatDeployment"] = chat,
        ["Regulations:Llm:EmbeddingDeployment"] = embeddings,
        ["Regulations:Llm:TurnBudget"] = budget,
        ["Regulations:Llm:Timeout"] = "00:00:02",
    };

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var segments = path.Trim('/').Split('/');
        string deployment;
        string operation;
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
        if (segments is ["openai", "deployments", var d, .. var rest])
        {
            deployment = d;
            operation = string.Join('/', rest);
            if (string.IsNullOrEmpty(http.Request.Query["api-version"]))
            {
                await ErrorAsync(http, 404, "Resource not found");
                return;
            }
        }
        else if (segments is ["v1", .. var rest1])
        {
            deployment = body["model"]?.GetValue<string>() ?? "";
            operation = string.Join('/', rest1);
        }
        else
        {
            await ErrorAsync(http, 404, "Resource not found");
            return;
        }

        var request = new ModelRequest(path, http.Request.Query["api-version"], deployment,
            http.Request.Headers["api-key"] == Key, http.Request.Headers.Authorization == "Bearer " + Key, body);
        Received.Enqueue(request);
        var keyOk = segments[0] == "openai" ? request.AzureKey : request.BearerKey;
        if (!keyOk)
        {
            await ErrorAsync(http, 401, "Access denied due to invalid subscription key or wrong API endpoint.");
            return;
        }

        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (Failures.TryDequeue(out var status))
        {
            http.Response.Headers.RetryAfter = "0";
            await ErrorAsync(http, status, status == 429 ? "Rate limit is exceeded." : "The server had an error while processing your request.");
            return;
        }

        switch (operation)
        {
            case "chat/completions":
                await ChatAsync(http, request);
                break;
            case "embeddings":
                await EmbeddingsAsync(http, request);
                break;
            default:
                await ErrorAsync(http, 404, "Resource not found");
                break;
        }
    }

    private async Task ChatAsync(HttpContext http, ModelRequest request)
    {
        var reply = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = request.Deployment,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Chat(request) },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 50, ["completion_tokens"] = 10, ["total_tokens"] = 60 },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(reply.ToJsonString());
    }

    private async Task EmbeddingsAsync(HttpContext http, ModelRequest request)
    {
        var inputs = request.Body["input"] switch
        {
            JsonArray array => array.Select(i => i!.GetValue<string>()).ToList(),
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };
        var base64 = request.Body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = Embed(inputs[i]);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray([.. vector.Select(v => (JsonNode)JsonValue.Create(v))]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var reply = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request.Deployment,
            ["usage"] = new JsonObject { ["prompt_tokens"] = 8 * inputs.Count, ["total_tokens"] = 8 * inputs.Count },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(reply.ToJsonString());
    }

    private static async Task ErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture), ["message"] = message } }.ToJsonString());
    }
}
