using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrgLife.Benchmarks;

/// <summary>A Connector that answers every send at once and counts them.</summary>
internal sealed class ConnectorSink : IAsyncDisposable
{
    private static readonly byte[] Created = """{"id":"1"}"""u8.ToArray();
    private readonly WebApplication _app;
    private long _received;

    private ConnectorSink(WebApplication app, string serviceUrl)
    {
        _app = app;
        ServiceUrl = serviceUrl;
    }

    public string ServiceUrl { get; }

    public long Received => Interlocked.Read(ref _received);

    public static async Task<ConnectorSink> StartAsync(int port = 0)
    {
        var app = LoopbackApp.Create(port);
        ConnectorSink? sink = null;
        app.Run(async http =>
        {
            if (HttpMethods.IsGet(http.Request.Method))
            {
                // What an external load generator's run can be checked against: sends received so far.
                await http.Response.WriteAsync(sink!.Received.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }

            // Drain the body as a real Connector would before answering.
            await http.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref sink!._received);
            http.Response.StatusCode = StatusCodes.Status201Created;
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(Created);
        });
        await app.StartAsync();
        var url = app.Urls.First();
        sink = new ConnectorSink(app, url + "/");
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// The <c>sink</c> verb: a Connector on a fixed port until Ctrl+C or SIGTERM (GET answers the number of sends received), for driving the bot with an
    /// external load generator (wrk) whose activities name this sink as their serviceUrl.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var port = int.Parse(SharedData.Option(args, "--port") ?? "5998", System.Globalization.CultureInfo.InvariantCulture);
        await using var sink = await StartAsync(port);
        await output.WriteLineAsync($"Connector sink at {sink.ServiceUrl} (GET: sends received); Ctrl+C to stop");
        using var stop = new CancellationTokenSource();
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await output.WriteLineAsync($"received {sink.Received}");
        return 0;
    }
}
