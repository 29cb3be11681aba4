using Microsoft.Extensions.Options;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// The thin loop around <see cref="MeetingAutomation"/>: one scoped pass every
/// <see cref="AttendanceOptions.AutoTickInterval"/>, again at once while a batch comes back full. The first pass
/// waits for the first tick, so it never races the start. Time is the injected clock's, so tests drive it; a
/// failed pass is logged and the loop goes on.
/// </summary>
internal sealed partial class MeetingAutomationLoop(
    IServiceScopeFactory scopes, IOptions<AttendanceOptions> options, TimeProvider clock, ILogger<MeetingAutomationLoop> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset Since, TaskCompletionSource Done)> _waiters = [];
    private DateTimeOffset _lastPassStartedAt = DateTimeOffset.MinValue;
    private PeriodicTimer? _timer;

    /// <summary>Completes once a pass that began at or after the clock reading <paramref name="since"/> has finished (tests wait on it instead of sleeping).</summary>
    public Task PassedAsync(DateTimeOffset since)
    {
        lock (_lock)
        {
            if (_lastPassStartedAt >= since)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((since, done));
            return done.Task;
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created while the host starts (not later on the loop's thread), so the clock's first tick is already
        // scheduled when the host is up: a test that moves the clock cannot slip in before it.
        _timer = new PeriodicTimer(options.Value.AutoTickInterval, clock);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer!.WaitForNextTickAsync(stoppingToken))
            {
                while (await RunPassAsync(stoppingToken))
                {
                    // A full batch: more is due now.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass in its own scope; true when a batch was full.</summary>
    private async Task<bool> RunPassAsync(CancellationToken stoppingToken)
    {
        var startedAt = clock.GetUtcNow();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var pass = await scope.ServiceProvider.GetRequiredService<MeetingAutomation>().RunOnceAsync(stoppingToken);
            return pass.Full;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogPassFailed(logger, e);
            return false;
        }
        finally
        {
            Passed(startedAt);
        }
    }

    private void Passed(DateTimeOffset startedAt)
    {
        List<TaskCompletionSource> done;
        lock (_lock)
        {
            _lastPassStartedAt = startedAt > _lastPassStartedAt ? startedAt : _lastPassStartedAt;
            done = [.. _waiters.Where(w => w.Since <= startedAt).Select(w => w.Done)];
            _waiters.RemoveAll(w => w.Since <= startedAt);
        }

        done.ForEach(d => d.TrySetResult());
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 2043, Level = LogLevel.Warning, Message = "A meeting automation pass failed; the next tick tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
