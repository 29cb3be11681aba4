using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrgLife.Benchmarks;

/// <summary>
/// Turns per second through <c>POST /api/messages</c>: the bot runs as its own process, pinned to one core
/// (taskset), with SQLite; N concurrent clients post message activities and the bot's replies go to a local
/// Connector sink; clients and sink share the other core. Prints turns/s, latency percentiles (each request
/// completes after the bot's reply reached the sink) and the bot's peak memory.
/// Targets (brief): simple command ≥ 12,000 turns/s with p99 &lt; 5 ms on one core.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var clients = int.Parse(SharedData.Option(args, "--clients") ?? "32", CultureInfo.InvariantCulture);
        var seconds = double.Parse(SharedData.Option(args, "--seconds") ?? "15", CultureInfo.InvariantCulture);
        var warmup = double.Parse(SharedData.Option(args, "--warmup") ?? "5", CultureInfo.InvariantCulture);
        var text = SharedData.Option(args, "--text") ?? "帮助";
        var questions = SharedData.Option(args, "--questions");
        var botDll = SharedData.Option(args, "--bot") ?? Path.Combine(AppContext.BaseDirectory, "OrgLife.Bot.dll");
        var dataFolder = SharedData.Option(args, "--data") ?? Path.Combine(Path.GetTempPath(), "orglife-load-" + Environment.ProcessId);
        var texts = questions is null ? [text] : ReadQuestions(questions);

        // The benchmark (clients + sink) keeps to the second core; the bot gets the first to itself.
        if (Environment.ProcessorCount > 1 && OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1 << 1;
        }

        await using var sink = await ConnectorSink.StartAsync();
        var botPort = FreePort();
        using var bot = StartBot(botDll, botPort, dataFolder);
        var botUrl = new Uri($"http://127.0.0.1:{botPort}/api/messages");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        await WaitUntilUpAsync(http, new Uri($"http://127.0.0.1:{botPort}/healthz"));

        // First contact stores every user and conversation once; the measured turns then write nothing.
        var users = Enumerable.Range(0, clients).Select(i => new LoadUser(i, sink.ServiceUrl)).ToArray();
        await Task.WhenAll(users.Select(u => PostAsync(http, botUrl, u.Activity(texts[0]))));

        var latencies = new ConcurrentBag<List<double>>();
        var errors = 0L;
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(seconds * Stopwatch.Frequency);
        var sinkBefore = 0L;
        var sinkSnapshotTaken = 0;
        await Task.WhenAll(users.Select(user => Task.Run(async () =>
        {
            var mine = new List<double>(100_000);
            var n = user.Index;
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= stopAt)
                {
                    break;
                }

                if (start >= measureFrom && Interlocked.Exchange(ref sinkSnapshotTaken, 1) == 0)
                {
                    sinkBefore = sink.Received;
                }

                var ok = await PostAsync(http, botUrl, user.Activity(texts[n++ % texts.Length]));
                if (start >= measureFrom)
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }

            latencies.Add(mine);
        })));
        var replies = sink.Received - sinkBefore;
        var all = latencies.SelectMany(l => l).Order().ToList();
        var peakKb = PeakMemoryKb(bot.Id);
        bot.Kill(entireProcessTree: true);

        var w = output;
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"turn text     {(questions is null ? text : $"{texts.Length} questions from {questions}")}"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bot           {botDll} (pinned to core 0: {Environment.ProcessorCount > 1}), SQLite in {dataFolder}"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"clients       {clients} concurrent, {seconds:F0} s measured after {warmup:F0} s warm-up"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"turns         {all.Count} ({all.Count / seconds:F0} turns/s), errors {errors}, replies at sink {replies}"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"latency       p50 {Percentile(all, 0.50):F2} ms, p90 {Percentile(all, 0.90):F2} ms, p99 {Percentile(all, 0.99):F2} ms, max {(all.Count > 0 ? all[^1] : 0):F1} ms"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bot memory    peak RSS {peakKb / 1024.0:F0} MB"));
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }

        return errors == 0 ? 0 : 1;
    }

    private static string[] ReadQuestions(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!["q"]!.GetValue<string>())];

    private static Process StartBot(string botDll, int port, string dataFolder)
    {
        var useTaskset = Environment.ProcessorCount > 1 && File.Exists("/usr/bin/taskset");
        var info = new ProcessStartInfo(useTaskset ? "/usr/bin/taskset" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (useTaskset)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("0");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(botDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Store__DataFolder"] = dataFolder;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the bot.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("bot: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(HttpClient http, Uri health)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(health);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The bot did not come up within 60 s.");
    }

    private static async Task<bool> PostAsync(HttpClient http, Uri url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(url, content);
        return response.IsSuccessStatusCode;
    }

    private static long PeakMemoryKb(int botPid)
    {
        // taskset execs dotnet in place, so the pid is the bot's.
        var status = $"/proc/{botPid}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>One simulated Teams user in a personal chat with the bot.</summary>
    private sealed class LoadUser(int index, string serviceUrl)
    {
        private long _sequence;

        public int Index { get; } = index;

        public byte[] Activity(string text) => Encoding.UTF8.GetBytes(new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"{Index}-{Interlocked.Increment(ref _sequence)}",
            ["timestamp"] = "2026-11-21T08:00:00.000Z",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = $"29:load-user-{Index}", ["name"] = $"用户{Index}", ["aadObjectId"] = $"aad-{Index}" },
            ["recipient"] = new JsonObject { ["id"] = "28:orglife-bot", ["name"] = "OrgLife" },
            ["conversation"] = new JsonObject { ["id"] = $"a:load-{Index}", ["conversationType"] = "personal", ["tenantId"] = "tenant-load" },
            ["locale"] = "zh-CN",
            ["text"] = text,
            ["textFormat"] = "plain",
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-load" } },
        }.ToJsonString());
    }

    /// <summary>A Connector that answers every send at once and counts them.</summary>
    private sealed class ConnectorSink : IAsyncDisposable
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

        public static async Task<ConnectorSink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            ConnectorSink? sink = null;
            app.Run(async http =>
            {
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
    }
}
