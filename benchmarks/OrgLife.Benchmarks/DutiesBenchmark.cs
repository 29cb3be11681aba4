using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Benchmarks;

/// <summary>
/// The Duties reminder machinery at scale, in process on SQLite:
/// (1) the due scan (one dispatcher pass with nothing due) over 100k duties and their planned reminders — target &lt; 50 ms;
/// (2) 10k reminders through the real dispatcher, proactive messenger and Connector client to a local Connector that
/// enforces the Teams per-app limit (sliding 1 s window, 429 beyond it) — target ≥ 90 % of the limit, 0 lost, 0 duplicated.
/// </summary>
internal static class DutiesBenchmark
{
    private static readonly int[] PlannedDaysBefore = [3, 1, 0];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var items = int.Parse(SharedData.Option(args, "--items") ?? "100000", CultureInfo.InvariantCulture);
        var sends = int.Parse(SharedData.Option(args, "--sends") ?? "10000", CultureInfo.InvariantCulture);
        var limit = int.Parse(SharedData.Option(args, "--limit") ?? "50", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), "orglife-duties-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        await using var teams = await LimitedConnector.StartAsync(limit);
        await using var bot = await StartBotAsync(folder, limit);
        try
        {
            var (ok1, scanReport) = await MeasureScanAsync(bot.Services, items);
            output.WriteLine(scanReport);
            var (ok2, sendReport) = sends > 0 ? await MeasureSendsAsync(bot.Services, teams, sends, limit) : (true, "reminders: skipped (--sends 0)");
            output.WriteLine(sendReport);
            return ok1 && ok2 ? 0 : 1;
        }
        finally
        {
            await bot.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<WebApplication> StartBotAsync(string folder, int limit)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:DataFolder"] = folder,
            ["Duties:SchedulerEnabled"] = "false",
            ["Outbound:PerTenantPerSecond"] = limit.ToString(CultureInfo.InvariantCulture),
            ["Duties:BatchSize"] = "500",
            // Measure throughput at any hour of the week.
            ["Duties:SkipWeekends"] = "false",
            ["Duties:QuietFrom"] = "00:00",
            ["Duties:QuietUntil"] = "00:00",
        });
        builder.Services.AddBotProtocol(builder.Configuration);
        builder.Services.AddBotData();
        builder.Services.AddOrgLifeBot();
        builder.Services.AddOrganisation();
        builder.Services.AddDuties();
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    private static async Task<(bool, string)> MeasureScanAsync(IServiceProvider services, int items)
    {
        var now = DateTimeOffset.UtcNow;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var start = 0; start < items; start += 5000)
            {
                var batch = Enumerable.Range(start, Math.Min(5000, items - start)).Select(i => new Duty
                {
                    ScopeId = 1, Title = "任务 " + i, OwnerUserId = 1 + (i % 500), LeaderUserId = 0, TimeZone = "Asia/Shanghai",
                    DueAt = now.AddDays(5 + (i % 90)).AddMinutes(i % 1440), Status = DutyStatus.Pending, CreatedAt = now, UpdatedAt = now,
                }).ToList();
                db.Set<Duty>().AddRange(batch);
                await db.SaveChangesAsync();
                // Three planned sends per duty, all in the future: the scan must find none without reading them all.
                db.Set<DutyReminder>().AddRange(batch.SelectMany(d => PlannedDaysBefore.Select(days => new DutyReminder
                {
                    DutyId = d.Id, Stage = days == 0 ? ReminderStage.DueDay : ReminderStage.Before, Occurrence = 1, Sequence = days, DueAt = d.DueAt.AddDays(-days),
                })));
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        var timings = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var dispatcher = scope.ServiceProvider.GetRequiredService<ReminderDispatcher>();
            var watch = Stopwatch.StartNew();
            var result = await dispatcher.RunOnceAsync(CancellationToken.None);
            timings.Add(watch.Elapsed.TotalMilliseconds);
            if (result.Claimed != 0)
            {
                return (false, "due scan: unexpectedly claimed " + result.Claimed);
            }
        }

        var warm = timings.Skip(1).Order().ToList();
        var median = warm[warm.Count / 2];
        var p95 = warm[(int)(warm.Count * 0.95)];
        var ok = median < 50;
        return (ok, string.Create(CultureInfo.InvariantCulture,
            $"due scan over {items:N0} duties / {items * 3:N0} planned sends (SQLite): first {timings[0]:F1} ms, median {median:F1} ms, p95 {p95:F1} ms (target < 50 ms) {(ok ? "PASS" : "FAIL")}"));
    }

    private static async Task<(bool, string)> MeasureSendsAsync(IServiceProvider services, LimitedConnector teams, int sends, int limit)
    {
        var now = DateTimeOffset.UtcNow;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var users = Enumerable.Range(0, sends).Select(i => new UserProfile { TeamsId = "29:bench-" + i, Name = "党员" + i, TenantId = "bench-tenant", Locale = "zh-CN" }).ToList();
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
            db.Conversations.AddRange(users.Select(u => new StoredConversation
            {
                ConversationId = "a:bench-" + u.Id, ServiceUrl = teams.ServiceUrl, ConversationType = ConversationTypes.Personal,
                TenantId = "bench-tenant", BotId = "28:bench-bot", UserId = u.Id, IsUsable = true, UpdatedAt = now,
            }));
            var duties = users.Select(u => new Duty
            {
                ScopeId = 2, Title = "交党费", OwnerUserId = u.Id, TimeZone = "Asia/Shanghai", DueAt = now.AddDays(200),
                Status = DutyStatus.Pending, CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Set<Duty>().AddRange(duties);
            await db.SaveChangesAsync();
            db.Set<DutyReminder>().AddRange(duties.Select(d => new DutyReminder { DutyId = d.Id, Stage = ReminderStage.Assigned, Occurrence = 1, DueAt = now }));
            await db.SaveChangesAsync();
        }

        var watch = Stopwatch.StartNew();
        var sent = 0;
        var requeued = 0;
        while (sent < sends && watch.Elapsed < TimeSpan.FromMinutes(30))
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().RunOnceAsync(CancellationToken.None);
            sent += result.Sent;
            requeued += result.Requeued;
            if (result.Claimed == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }

        var elapsed = (teams.LastAccepted - teams.FirstAccepted).TotalSeconds;
        var rate = (teams.Accepted - 1) / Math.Max(elapsed, 0.001);
        int stored;
        await using (var scope = services.CreateAsyncScope())
        {
            stored = await scope.ServiceProvider.GetRequiredService<BotDbContext>().Set<DutyReminder>().CountAsync(r => r.Stage == ReminderStage.Assigned && r.State == ReminderState.Sent);
        }

        var lost = sends - teams.DistinctConversations;
        var duplicated = teams.Accepted - teams.DistinctConversations;
        var ok = rate >= 0.9 * limit && lost == 0 && duplicated == 0 && stored == sends;
        return (ok, string.Create(CultureInfo.InvariantCulture,
            $"reminders: {teams.Accepted:N0} accepted in {elapsed:F1} s = {rate:F1}/s against a limit of {limit}/s ({100 * rate / limit:F1} %, target ≥ 90 %); " +
            $"429 answered {teams.Throttled:N0}, requeued {requeued:N0}; lost {lost}, duplicated {duplicated}, rows marked sent {stored:N0} {(ok ? "PASS" : "FAIL")}"));
    }

    /// <summary>A Connector that accepts at most <c>limit</c> sends in any one-second window (the Teams per-app limit) and answers 429 beyond it.</summary>
    private sealed class LimitedConnector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Queue<long> _window = new();
        private readonly ConcurrentDictionary<string, int> _perConversation = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private int _accepted;
        private int _throttled;

        private LimitedConnector(WebApplication app) => _app = app;

        public string ServiceUrl { get; private set; } = "";
        public int Accepted => Volatile.Read(ref _accepted);
        public int Throttled => Volatile.Read(ref _throttled);
        public int DistinctConversations => _perConversation.Count;
        public DateTimeOffset FirstAccepted { get; private set; }
        public DateTimeOffset LastAccepted { get; private set; }

        public static async Task<LimitedConnector> StartAsync(int limit)
        {
            var app = LoopbackApp.Create();
            var connector = new LimitedConnector(app);
            app.Run(async http =>
            {
                await http.Request.Body.CopyToAsync(Stream.Null);
                var path = http.Request.Path.Value ?? "";
                if (!connector.TryAccept(limit))
                {
                    Interlocked.Increment(ref connector._throttled);
                    http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    http.Response.Headers.RetryAfter = "1";
                    return;
                }

                var conversation = path.Split('/').ElementAtOrDefault(3) ?? "";
                connector._perConversation.AddOrUpdate(conversation, 1, (_, n) => n + 1);
                http.Response.StatusCode = StatusCodes.Status201Created;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("""{"id":"1"}""");
            });
            await app.StartAsync();
            connector.ServiceUrl = app.Urls.First() + "/";
            return connector;
        }

        private bool TryAccept(int limit)
        {
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                while (_window.Count > 0 && now - _window.Peek() >= Stopwatch.Frequency)
                {
                    _window.Dequeue();
                }

                if (_window.Count >= limit)
                {
                    return false;
                }

                _window.Enqueue(now);
                var wall = DateTimeOffset.UtcNow;
                if (_accepted++ == 0)
                {
                    FirstAccepted = wall;
                }

                LastAccepted = wall;
                return true;
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
