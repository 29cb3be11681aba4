using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace OrgLife.Benchmarks;

/// <summary>
/// A burst of answers to one meeting: the bot runs as its own process (Kestrel on loopback, SQLite) and a
/// local Connector sink answers the members API with N people; a secretary creates a meeting for all of
/// them, then N distinct people answer (attend, or leave with a reason every tenth) all at once through
/// <c>POST /api/messages</c> (Action.Execute invokes). Reports lost answers (store rows vs. successes),
/// errors, latency percentiles, and how many shared-card updates (PUTs) the sink received for the burst.
/// </summary>
internal static partial class AttendanceBenchmark
{
    private const string Chat = "19:attendance-bench@thread.v2";
    private const string Tenant = "tenant-bench";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var people = int.Parse(SharedData.Option(args, "--people") ?? "1000", CultureInfo.InvariantCulture);
        var botDll = SharedData.Option(args, "--bot") ?? Path.Combine(AppContext.BaseDirectory, "OrgLife.Bot.dll");
        var dataFolder = SharedData.Option(args, "--data") ?? Path.Combine(Path.GetTempPath(), "orglife-attendance-bench-" + Environment.ProcessId);
        var settle = TimeSpan.FromSeconds(double.Parse(SharedData.Option(args, "--settle") ?? "3", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dataFolder);

        await using var sink = await Sink.StartAsync(people);
        var port = BotProcess.FreePort();
        using var bot = BotProcess.StartBot(botDll, port, dataFolder);
        var endpoint = new Uri($"http://127.0.0.1:{port}/api/messages");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = people, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            await BotProcess.WaitUntilUpAsync(http, new Uri($"http://127.0.0.1:{port}/healthz"));

            // The secretary installs the app (and so is admin) and publishes a meeting for everyone in the chat.
            var secretary = Person(0);
            await PostAsync(http, endpoint, Activity(sink.ServiceUrl, secretary, "installationUpdate", a => a["action"] = "add"));
            var created = Stopwatch.StartNew();
            var (_, createdBody) = await PostAsync(http, endpoint, Invoke(sink.ServiceUrl, secretary, "meeting.create", CreateForm()));
            created.Stop();
            var meetingId = long.Parse(MeetingNumber().Match(createdBody).Groups[1].Value, CultureInfo.InvariantCulture);
            // Everyone opens the card once (Teams' refresh): first contact stores each person's locale, which
            // is what a real burst meets; the measured answers then only write the answers themselves.
            var warm = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, people).Select(i =>
                PostAsync(http, endpoint, Invoke(sink.ServiceUrl, Person(i), "meeting.refresh", new JsonObject { ["meetingId"] = meetingId }))));
            warm.Stop();
            await Task.Delay(settle);
            var updatesBefore = sink.Updates;

            // The burst: everyone answers at once.
            var latencies = new ConcurrentBag<double>();
            var errors = 0;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var burst = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, people).Select(i => Task.Run(async () =>
            {
                var leave = i % 10 == 9;
                var data = new JsonObject { ["meetingId"] = meetingId };
                if (leave)
                {
                    data["reason"] = "出差";
                }

                var body = Invoke(sink.ServiceUrl, Person(i), leave ? "meeting.leave" : "meeting.attend", data);
                await start.Task;
                var watch = Stopwatch.StartNew();
                var (ok, text) = await PostAsync(http, endpoint, body);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                if (!ok || !Recorded(text))
                {
                    Interlocked.Increment(ref errors);
                }
            })).ToList();
            burst.Restart();
            start.SetResult();
            await Task.WhenAll(tasks);
            burst.Stop();

            // Let the coalescer flush what is still dirty, then count.
            await Task.Delay(settle);
            var updates = sink.Updates - updatesBefore;
            var (answered, audit) = await CountAsync(dataFolder, meetingId);
            var lost = people - answered;
            var sorted = latencies.Order().ToList();

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"attendance    {people} people, one meeting (#{meetingId}) created in {created.ElapsedMilliseconds} ms; bot {botDll}, SQLite in {dataFolder}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"first contact {people} concurrent card refreshes (stores each person's locale) in {warm.Elapsed.TotalMilliseconds:F0} ms"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"burst         {people} concurrent answers in {burst.Elapsed.TotalMilliseconds:F0} ms ({people / burst.Elapsed.TotalSeconds:F0} answers/s)"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"result        lost {lost}, errors {errors}, answers stored {answered}, audit rows {audit}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"latency       p50 {Latency.Percentile(sorted, 0.50):F1} ms, p90 {Latency.Percentile(sorted, 0.90):F1} ms, p99 {Latency.Percentile(sorted, 0.99):F1} ms, max {(sorted.Count > 0 ? sorted[^1] : 0):F1} ms"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"card updates  {updates} PUTs of the shared meeting card for {people} answers (coalesced: at most 1 per second per conversation)"));
            return lost == 0 && errors == 0 ? 0 : 1;
        }
        finally
        {
            bot.Kill(entireProcessTree: true);
            await bot.WaitForExitAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static JsonObject CreateForm()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var day = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["type"] = "PartyCongress", ["title"] = "压力测试党员大会", ["place"] = "礼堂",
            ["startDate"] = day, ["startTime"] = "19:30", ["endDate"] = day, ["endTime"] = "21:00", ["audience"] = "all",
        };
    }

    private static async Task<(int Answered, int Audit)> CountAsync(string dataFolder, long meetingId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataFolder, "orglife.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var answered = connection.CreateCommand();
        answered.CommandText = "SELECT COUNT(*) FROM meeting_attendees WHERE MeetingId = $id AND Response <> 'None'";
        answered.Parameters.AddWithValue("$id", meetingId);
        await using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT COUNT(*) FROM attendance_audit WHERE MeetingId = $id";
        audit.Parameters.AddWithValue("$id", meetingId);
        return (Convert.ToInt32(await answered.ExecuteScalarAsync(), CultureInfo.InvariantCulture), Convert.ToInt32(await audit.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }

    // The invoke answer replaces the card; its notice says the answer was recorded.
    private static bool Recorded(string body)
    {
        try
        {
            var node = JsonNode.Parse(body);
            return node?["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive"
                && node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Contains("已记录", StringComparison.Ordinal);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static JsonObject Person(int i) => new() { ["id"] = $"29:bench-{i}", ["name"] = $"党员{i:0000}", ["aadObjectId"] = $"aad-bench-{i}" };

    private static byte[] Invoke(string serviceUrl, JsonObject from, string verb, JsonObject data) => Activity(serviceUrl, from, "invoke", a =>
    {
        a["name"] = "adaptiveCard/action";
        a["replyToId"] = "1";
        a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" };
    });

    private static byte[] Activity(string serviceUrl, JsonObject from, string type, Action<JsonObject> shape)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = from.DeepClone(),
            ["recipient"] = new JsonObject { ["id"] = "28:orglife-bot", ["name"] = "OrgLife" },
            ["conversation"] = new JsonObject { ["id"] = Chat, ["conversationType"] = "groupChat", ["tenantId"] = Tenant, ["isGroup"] = true },
            ["locale"] = "zh-CN",
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
        };
        shape(activity);
        return Encoding.UTF8.GetBytes(activity.ToJsonString());
    }

    private static async Task<(bool Ok, string Body)> PostAsync(HttpClient http, Uri url, byte[] body)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(url, content);
            return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            return (false, e.Message);
        }
    }

    [GeneratedRegex(@"#(\d+)")]
    private static partial Regex MeetingNumber();

    /// <summary>A Connector on loopback: the members API answers N people (paged), sends get ids, PUTs are counted.</summary>
    private sealed class Sink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _updates;
        private long _sends;

        private Sink(WebApplication app) => _app = app;

        public string ServiceUrl { get; private set; } = "";

        public long Updates => Interlocked.Read(ref _updates);

        public long Sends => Interlocked.Read(ref _sends);

        public static async Task<Sink> StartAsync(int people)
        {
            var app = LoopbackApp.Create();
            var sink = new Sink(app);
            app.Run(async http =>
            {
                await http.Request.Body.CopyToAsync(Stream.Null);
                var path = http.Request.Path.Value ?? "";
                http.Response.ContentType = "application/json";
                if (HttpMethods.IsGet(http.Request.Method) && path.EndsWith("/pagedmembers", StringComparison.Ordinal))
                {
                    var size = int.TryParse(http.Request.Query["pageSize"], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 100;
                    var from = int.TryParse(http.Request.Query["continuationToken"], CultureInfo.InvariantCulture, out var t) ? t : 0;
                    var members = new JsonArray([.. Enumerable.Range(from, Math.Max(0, Math.Min(size, people - from))).Select(i => (JsonNode)Person(i))]);
                    var page = new JsonObject { ["members"] = members };
                    if (from + size < people)
                    {
                        page["continuationToken"] = (from + size).ToString(CultureInfo.InvariantCulture);
                    }

                    await http.Response.WriteAsync(page.ToJsonString());
                    return;
                }

                if (HttpMethods.IsPut(http.Request.Method))
                {
                    Interlocked.Increment(ref sink._updates);
                    http.Response.StatusCode = StatusCodes.Status200OK;
                }
                else
                {
                    Interlocked.Increment(ref sink._sends);
                    http.Response.StatusCode = StatusCodes.Status201Created;
                }

                await http.Response.WriteAsync("{\"id\":\"" + Guid.NewGuid().ToString("N") + "\"}");
            });
            await app.StartAsync();
            sink.ServiceUrl = app.Urls.First() + "/";
            return sink;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
