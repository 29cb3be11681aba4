using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>A Kestrel app on 127.0.0.1 with an ephemeral port, answering every request with <paramref name="handler"/>.</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHttpServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Requests => _requests;

    private int _requests;

    public static async Task<LocalHttpServer> StartAsync(RequestDelegate handler)
    {
        var app = LoopbackServer.Create();
        LocalHttpServer? server = null;
        app.Run(http =>
        {
            Interlocked.Increment(ref server!._requests);
            return handler(http);
        });
        server = new LocalHttpServer(app, await LoopbackServer.StartAsync(app, CancellationToken.None));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
