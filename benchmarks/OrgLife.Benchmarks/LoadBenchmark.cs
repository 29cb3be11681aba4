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
        // Tiered JIT keeps recompiling hot code for a minute or more under load on one core; before that a turn costs
        // two to three times its steady-state CPU. A long-running bot lives in the steady state, so measure there.
        var warmup = double.Parse(SharedData.Option(args, "--warmup") ?? "90", CultureInfo.InvariantCulture);
        var text = SharedData.Option(args, "--text") ?? "帮助";
        var questions = SharedData.Option(args, "--questions");
        var corpus = SharedData.Option(args, "--corpus");
        // Open loop: the clients together send this many turns per second on a fixed schedule, whatever the bot's
        // speed, and a turn's latency counts from when it was due (a late bot cannot hide its queue). Without it
        // each client sends again as soon as it has its answer (a closed loop: throughput at saturation).
        var rate = SharedData.Option(args, "--rate") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : (double?)null;
        var botDll = SharedData.Option(args, "--bot") ?? Path.Combine(AppContext.BaseDirectory, "OrgLife.Bot.dll");
        var dataFolder = SharedData.Option(args, "--data") ?? Path.Combine(Path.GetTempPath(), "orglife-load-" + Environment.ProcessId);
        var texts = questions is null ? [text] : ReadQuestions(questions);

        // The benchmark (clients + sink) keeps to the second core; the bot gets the first to itself.
        if (Environment.ProcessorCount > 1 && OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1 << 1;
        }

        var imported = corpus is null ? null : await BotProcess.ImportAsync(botDll, dataFolder, corpus);
        await using var sink = await ConnectorSink.StartAsync();
        var botPort = BotProcess.FreePort();
        using var bot = BotProcess.StartBot(botDll, botPort, dataFolder);
        var botUrl = new Uri($"http://127.0.0.1:{botPort}/api/messages");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        await BotProcess.WaitUntilUpAsync(http, new Uri($"http://127.0.0.1:{botPort}/healthz"));

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
            var period = rate is { } perSecond ? (long)(clients / perSecond * Stopwatch.Frequency) : 0;
            var due = Stopwatch.GetTimestamp() + (period * user.Index / clients);
            while (true)
            {
                if (period > 0)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }

                var start = period > 0 ? due : Stopwatch.GetTimestamp();
                due += period;
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
        var peakKb = BotProcess.PeakMemoryKb(bot.Id);
        bot.Kill(entireProcessTree: true);

        var w = output;
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"turn text     {(questions is null ? text : $"{texts.Length} questions from {questions}")}"));
        if (imported is not null)
        {
            await w.WriteLineAsync($"knowledge     {corpus}: {imported}");
        }

        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bot           {botDll} (pinned to core 0: {Environment.ProcessorCount > 1}), SQLite in {dataFolder}"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"clients       {clients} concurrent, {(rate is { } offered ? $"open loop at {offered:F0} turns/s offered" : "closed loop")}, {seconds:F0} s measured after {warmup:F0} s warm-up"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"turns         {all.Count} ({all.Count / seconds:F0} turns/s), errors {errors}, replies at sink {replies}"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"latency       p50 {Latency.Percentile(all, 0.50):F2} ms, p90 {Latency.Percentile(all, 0.90):F2} ms, p99 {Latency.Percentile(all, 0.99):F2} ms, max {(all.Count > 0 ? all[^1] : 0):F1} ms"));
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

    private static async Task<bool> PostAsync(HttpClient http, Uri url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(url, content);
        return response.IsSuccessStatusCode;
    }

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
}
