using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrgLife.Protocol.Hosting;

namespace OrgLife.Protocol.Tests.Support;

/// <summary>A minimal in-memory host: AddBotProtocol + MapBotEndpoint + a RecordingBot.</summary>
internal sealed class TestBotHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBotHost(WebApplication app, RecordingBot bot, CollectingLoggerProvider logs)
    {
        _app = app;
        Bot = bot;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public RecordingBot Bot { get; }

    public CollectingLoggerProvider Logs { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestBotHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CollectingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        var bot = new RecordingBot();
        configure?.Invoke(builder.Services);
        builder.Services.AddBotProtocol(builder.Configuration);
        builder.Services.AddSingleton<IBot>(bot);
        var app = builder.Build();
        app.MapBotEndpoint();
        await app.StartAsync();
        return new TestBotHost(app, bot, logs);
    }

    public async Task<HttpResponseMessage> PostAsync(string body, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
