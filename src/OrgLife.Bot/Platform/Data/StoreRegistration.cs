using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data.Postgres;
using OrgLife.Bot.Platform.Data.Sqlite;

namespace OrgLife.Bot.Platform.Data;

internal static class StoreRegistration
{
    /// <summary>
    /// Registers <see cref="BotDbContext"/> for the configured provider and migrates the store at start.
    /// Features inject <see cref="BotDbContext"/>; they never know which provider is behind it.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="partialModel">
    /// True for a tool that registers only some features' tables (the <c>kb</c> command line): it still applies
    /// every migration, but only the whole app's model can tell whether the migrations are complete, so EF's
    /// pending-model-changes check (which stops a full host at start) is skipped there.
    /// </param>
    public static IServiceCollection AddBotData(this IServiceCollection services, bool partialModel = false)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Pooled: the options are built once and contexts are reused, instead of building EF options on every
        // turn (which, measured, was most of the cost of a simple command turn).
        // Each context carries the model parts the features registered (AddStoreModel).
        services.AddDbContextPool<SqliteBotDbContext>((sp, options) => options
            .UseSqlite(sp.GetRequiredService<IOptions<StoreOptions>>().Value.SqliteConnectionString())
            .UseStoreModel(sp.GetServices<StoreModelPart>())
            .ConfigureWarnings(w => ModelCheck(w, partialModel)));
        services.AddDbContextPool<PostgresBotDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<IOptions<StoreOptions>>().Value.ConnectionString)
            .UseStoreModel(sp.GetServices<StoreModelPart>())
            .ConfigureWarnings(w => ModelCheck(w, partialModel)));
        services.AddScoped<BotDbContext>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Provider == StoreProvider.Postgres
            ? sp.GetRequiredService<PostgresBotDbContext>()
            : sp.GetRequiredService<SqliteBotDbContext>());
        services.AddSingleton<StoreCapabilities>();
        services.AddHostedService<StoreMigrator>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }

    private static void ModelCheck(WarningsConfigurationBuilder warnings, bool partialModel)
    {
        if (partialModel)
        {
            warnings.Ignore(RelationalEventId.PendingModelChangesWarning);
        }
    }
}

/// <summary>Migrates the store before the server takes requests; sets SQLite's WAL journal once.</summary>
internal sealed partial class StoreMigrator(IServiceScopeFactory scopes, IOptions<StoreOptions> options, ILogger<StoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateAtStart)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        if (options.Value.Provider == StoreProvider.Sqlite)
        {
            // WAL lets readers proceed while one writer writes; the setting persists in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, options.Value.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 510, Level = LogLevel.Information, Message = "Store ready ({Provider}), migrations applied")]
    private static partial void LogMigrated(ILogger logger, StoreProvider provider);
}

/// <summary><c>GET /healthz</c>: the store answers a query.</summary>
internal sealed class StoreHealthCheck(BotDbContext db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken) && await db.Scopes.AnyAsync(cancellationToken) is var _
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The store cannot be reached.");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The store failed a query.", e);
        }
    }
}
