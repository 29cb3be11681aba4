namespace OrgLife.Bot.Platform.Scheduling;

/// <summary>One job: a handler method run every <see cref="Every"/> in its own service scope.</summary>
internal sealed record ScheduledJob(string Name, TimeSpan Every, Func<IServiceProvider, CancellationToken, Task> Run);

internal static class ScheduledJobRegistration
{
    /// <summary>
    /// Runs <paramref name="run"/> on a scoped <typeparamref name="THandler"/> every <paramref name="every"/> (clock:
    /// the injected <see cref="TimeProvider"/>). Every instance runs its jobs: a job claims its work in the store,
    /// so a second instance finds nothing left. A failing run is logged and the next one comes as usual.
    /// </summary>
    public static IServiceCollection AddScheduledJob<THandler>(this IServiceCollection services, string name, TimeSpan every, Func<THandler, CancellationToken, Task> run)
        where THandler : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        services.AddSingleton(new ScheduledJob(name, every, (sp, ct) => run(sp.GetRequiredService<THandler>(), ct)));
        if (!services.Any(d => d.ImplementationType == typeof(ScheduledJobRunner)))
        {
            services.AddHostedService<ScheduledJobRunner>();
        }

        return services;
    }
}

/// <summary>The one loop behind every registered <see cref="ScheduledJob"/>: one periodic timer per job.</summary>
internal sealed partial class ScheduledJobRunner(IEnumerable<ScheduledJob> jobs, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ScheduledJobRunner> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => LoopAsync(job, stoppingToken)));

    private async Task LoopAsync(ScheduledJob job, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(job.Every, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Runs the job once in its own scope; failures are logged, never thrown into the loop.</summary>
    public async Task RunOnceAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await job.Run(scope.ServiceProvider, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogJobFailed(logger, e, job.Name);
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Error, Message = "Scheduled job {Job} failed; it runs again at its next time")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string job);
}
