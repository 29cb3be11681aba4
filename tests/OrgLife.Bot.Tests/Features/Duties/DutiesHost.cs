using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Duties;

/// <summary>Records proactive sends instead of making them; people in <see cref="Unreachable"/> answer like a 403.</summary>
internal sealed class RecordingMessenger(TimeProvider clock) : IDutyMessenger
{
    private readonly Lock _lock = new();
    private readonly List<(long UserId, Activity Activity, DateTimeOffset At)> _sent = [];
    private readonly SemaphoreSlim _sentSignal = new(0);

    public HashSet<long> Unreachable { get; } = [];

    public IReadOnlyList<(long UserId, Activity Activity, DateTimeOffset At)> Sent
    {
        get { lock (_lock) { return [.. _sent]; } }
    }

    public Task<ProactiveDelivery> SendToUserAsync(long userId, Activity activity, CancellationToken cancellationToken)
    {
        if (Unreachable.Contains(userId))
        {
            throw new RecipientUnreachableException("not installed");
        }

        lock (_lock)
        {
            _sent.Add((userId, activity, clock.GetUtcNow()));
            _sentSignal.Release();
            return Task.FromResult(new ProactiveDelivery("a:" + userId, "m" + _sent.Count));
        }
    }

    /// <summary>For the scheduler's own loop (a background task): waits, in real time, until <paramref name="count"/> sends were made.</summary>
    public async Task WaitForSentAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Sent.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _sentSignal.WaitAsync(left))
            {
                throw new TimeoutException($"{Sent.Count} of {count} sends within {timeout.TotalSeconds:0} s.");
            }
        }
    }
}

/// <summary>
/// The real host (SQLite file, or PostgreSQL) on a manual clock with the scheduler loop off, so a test runs
/// dispatcher passes itself; sends go to a <see cref="RecordingMessenger"/> or, with <c>recording: false</c>,
/// through the real proactive messenger to the fake connector.
/// </summary>
internal sealed class DutiesHost : IAsyncDisposable
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private DutiesHost(BotApplication app, ManualTimeProvider clock, RecordingMessenger? messenger)
    {
        App = app;
        Clock = clock;
        Messenger = messenger;
    }

    public BotApplication App { get; }
    public ManualTimeProvider Clock { get; }
    public RecordingMessenger? Messenger { get; }

    public static async Task<DutiesHost> StartAsync(DateTimeOffset start, bool recording = true, Dictionary<string, string?>? settings = null,
        ManualTimeProvider? clock = null, RecordingMessenger? messenger = null)
    {
        clock ??= new ManualTimeProvider(start);
        messenger ??= recording ? new RecordingMessenger(clock) : null;
        var config = new Dictionary<string, string?> { ["Duties:SchedulerEnabled"] = "false" };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        var app = await BotApplication.StartAsync(authenticated: false, settings: config, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            if (messenger is not null)
            {
                s.AddScoped<IDutyMessenger>(_ => messenger);
            }
        });
        // Creating the client started the server, which ran the migrations.
        await app.WithStoreAsync(db => db.Database.CanConnectAsync());
        var host = new DutiesHost(app, clock, messenger);
        return host;
    }

    public async Task<DispatchResult> RunAsync()
    {
        await using var scope = App.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().RunOnceAsync(CancellationToken.None);
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.CreateScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A scope and people, stored directly (as if they had talked to the bot); each with a usable 1:1 reference.</summary>
    public async Task<(long ScopeId, long[] UserIds)> SeedAsync(params (string Name, string? TimeZone)[] people) => await WithAsync(async sp =>
    {
        var db = sp.GetRequiredService<BotDbContext>();
        var scope = new OrgScope { ExternalId = "19:team@thread.tacv2", Kind = ScopeKind.Team, Name = "第一党支部", TenantId = BotApplication.TenantId };
        db.Scopes.Add(scope);
        var users = people.Select((p, i) => new UserProfile
        {
            TeamsId = "29:user-" + i,
            Name = p.Name,
            TimeZone = p.TimeZone,
            TenantId = BotApplication.TenantId,
            Locale = "zh-CN",
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        db.Conversations.AddRange(users.Select(u => new StoredConversation
        {
            ConversationId = "a:personal-" + u.Id,
            ServiceUrl = App.ServiceUrl,
            ConversationType = ConversationTypes.Personal,
            TenantId = BotApplication.TenantId,
            BotId = TestUser.Bot.Id,
            BotName = "OrgLife",
            UserId = u.Id,
            ScopeId = scope.Id,
            IsUsable = true,
        }));
        await db.SaveChangesAsync();
        return (scope.Id, users.Select(u => u.Id).ToArray());
    });

    public Task<IReadOnlyList<Duty>> CreateAsync(long scopeId, long createdBy, params DutyDraft[] drafts) =>
        WithAsync(sp => sp.GetRequiredService<DutyWorkflow>().CreateAsync(scopeId, createdBy, drafts, DutyWorkflow.Created, CancellationToken.None));

    public static DutyDraft Draft(string title, long owner, long leader, DateTime dueLocal, RecurrenceKind recurrence = RecurrenceKind.None, TimeZoneInfo? zone = null) =>
        new(title, "", "", owner, leader, LocalTime.ToUtc(dueLocal, zone ?? Shanghai), (zone ?? Shanghai).Id, recurrence);

    public Task<List<DutyReminder>> RemindersAsync() =>
        WithAsync(sp => sp.GetRequiredService<BotDbContext>().Set<DutyReminder>().AsNoTracking().OrderBy(r => r.Id).ToListAsync());

    public Task<List<Duty>> DutiesAsync() =>
        WithAsync(sp => sp.GetRequiredService<BotDbContext>().Set<Duty>().AsNoTracking().OrderBy(d => d.Id).ToListAsync());

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
