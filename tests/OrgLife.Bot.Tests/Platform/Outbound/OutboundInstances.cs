using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Platform.Outbound;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Platform.Outbound;

/// <summary>Instances of the real host on one store (a shared SQLite file, or one PostgreSQL database) and one clock.</summary>
internal sealed class OutboundInstances : IAsyncDisposable
{
    private readonly List<BotApplication> _apps = [];
    private ThrowawayDatabase? _database;

    public ManualTimeProvider Clock { get; private init; } = new();

    public static async Task<OutboundInstances> StartAsync(int count, TestStore store, DateTimeOffset start, bool autoAdvance = false)
    {
        var instances = new OutboundInstances { Clock = new ManualTimeProvider(start) { AutoAdvance = autoAdvance } };
        var settings = new Dictionary<string, string?>();
        if (store == TestStore.Postgres)
        {
            instances._database = await ThrowawayDatabase.CreateAsync("orglife_outbound_");
            settings = instances._database.StoreSettings;
        }
        else
        {
            settings["Store:DataFolder"] = Path.Combine(Path.GetTempPath(), "orglife-tests", "outbound-" + Guid.NewGuid().ToString("N"));
        }

        for (var i = 0; i < count; i++)
        {
            var app = await BotApplication.StartAsync(authenticated: false, settings: settings, services: s => s.AddSingleton<TimeProvider>(instances.Clock));
            await app.WithStoreAsync(db => db.Database.CanConnectAsync()); // started, migrated
            instances._apps.Add(app);
        }

        return instances;
    }

    public BotApplication App(int instance) => _apps[instance];

    public SendGate Gate(int instance) => _apps[instance].Services.GetRequiredService<SendGate>();

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
