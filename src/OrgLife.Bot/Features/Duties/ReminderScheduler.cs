using Microsoft.Extensions.Options;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// The thin loop: every tick (or when an action wakes it) one scoped <see cref="ReminderDispatcher"/> pass, again at
/// once while passes come back full. Time is the injected clock's, so tests drive it; a failed pass is logged
/// and the loop goes on.
/// </summary>
internal sealed class ReminderScheduler(IServiceScopeFactory scopes, IOptions<DutiesOptions> options, TimeProvider clock, ILogger<ReminderScheduler> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Runs a pass soon: something was just planned "now" (a help request, an extension answer).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.TickInterval, clock);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        // One wait on the semaphore at a time, kept across ticks: a wait left behind when the tick wins would
        // take the next Wake() for itself, and that wake would be lost until the following tick.
        var woken = _wake.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = await RunPassAsync(stoppingToken);
            if (full)
            {
                continue;
            }

            await Task.WhenAny(tick, woken);
            if (woken.IsCompleted)
            {
                woken = _wake.WaitAsync(stoppingToken);
            }

            if (tick.IsCompleted)
            {
                if (!await tick)
                {
                    return;
                }

                tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            }
        }
    }

    /// <summary>One pass in its own scope; true when the batch was full (more is waiting).</summary>
    private async Task<bool> RunPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().RunOnceAsync(stoppingToken);
            return result.Claimed >= options.Value.BatchSize;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            DutiesLog.TickFailed(logger, e);
            return false;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
