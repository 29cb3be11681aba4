using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Platform.Outbound;

/// <summary>
/// Who is running, so leases need not wait out their expiry: each instance beats in <see cref="BotInstance"/>;
/// a lease whose owner stopped beating (or never beat, or left when it stopped) is dead, and whoever finds it
/// takes the rows back at once. Lease tokens are "instance|pass".
/// </summary>
internal sealed class InstanceRegistry(IServiceScopeFactory scopes, IOptions<OutboundOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Forget = TimeSpan.FromDays(1);

    public string Id { get; } = Environment.MachineName + "-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>A token for one claim of this instance: rows leased with it are reclaimed when this instance dies.</summary>
    public string NewLeaseToken() => Id + "|" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The instance a lease token belongs to.</summary>
    public static string InstanceOf(string leaseToken)
    {
        ArgumentNullException.ThrowIfNull(leaseToken);
        var bar = leaseToken.LastIndexOf('|');
        return bar < 0 ? leaseToken : leaseToken[..bar];
    }

    /// <summary>Says this instance is alive (and forgets instances gone for a day).</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        var id = Id;
        if (await db.Set<BotInstance>().Where(i => i.Id == id).ExecuteUpdateAsync(u => u.SetProperty(i => i.SeenAt, now), cancellationToken) == 0)
        {
            db.Add(new BotInstance { Id = id, StartedAt = now, SeenAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        var forgotten = now - Forget;
        await db.Set<BotInstance>().Where(i => i.SeenAt < forgotten).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The lease tokens among <paramref name="leases"/> whose instance is gone: it left or never registered, or it
    /// has been silent for <see cref="OutboundOptions.DeadAfter"/> and took the lease before that (a lease newer
    /// than that proves its owner was alive then, whatever the heartbeat table says).
    /// </summary>
    public async Task<List<string>> DeadAsync(IEnumerable<(string Owner, DateTimeOffset LeasedAt)> leases, CancellationToken cancellationToken)
    {
        await BeatAsync(cancellationToken);
        var cutoff = clock.GetUtcNow() - options.Value.DeadAfter;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        var seen = await db.Set<BotInstance>().AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.SeenAt, cancellationToken);
        return [.. leases.Where(l => InstanceOf(l.Owner) != Id
                && (!seen.TryGetValue(InstanceOf(l.Owner), out var seenAt) || (seenAt < cutoff && l.LeasedAt < cutoff)))
            .Select(l => l.Owner).Distinct()];
    }

    /// <summary>A clean stop: this instance's leases are free for others at once.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        var id = Id;
        await db.Set<BotInstance>().Where(i => i.Id == id).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>Beats every <see cref="OutboundOptions.HeartbeatEvery"/>; leaves on a clean stop.</summary>
internal sealed partial class InstanceHeartbeat(InstanceRegistry registry, IOptions<OutboundOptions> options, TimeProvider clock, ILogger<InstanceHeartbeat> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered before anything can lease (a lease of an unregistered instance counts as dead); the timer is
        // created while the host starts, so a test clock sees it at a known moment.
        try
        {
            await registry.BeatAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBeatFailed(logger, e);
        }

        _timer = new PeriodicTimer(options.Value.HeartbeatEvery, clock);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer!;
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await registry.BeatAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogBeatFailed(logger, e);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await registry.LeaveAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Its leases then expire the slow way; nothing is lost.
            LogBeatFailed(logger, e);
        }
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 722, Level = LogLevel.Warning, Message = "This instance could not record that it is alive; its leases may be taken over")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
