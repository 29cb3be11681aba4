using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrgLife.Protocol.Authentication;
using OrgLife.Protocol.Connector;

namespace OrgLife.Protocol.Hosting;

/// <summary>Registration of the protocol services and the messaging endpoint.</summary>
public static class BotProtocolExtensions
{
    /// <summary>
    /// Registers the protocol: <see cref="BotAuthenticationOptions"/> (section <c>Bot</c>) and
    /// <see cref="ConnectorOptions"/> (section <c>Connector</c>), both validated on start;
    /// <see cref="BotTokenValidator"/>; <see cref="ConnectorTokenProvider"/>; <see cref="IConnectorClient"/>
    /// as a typed HTTP client with the <see cref="RetryHandler"/> and <see cref="ConnectorTokenHandler"/>;
    /// <see cref="BotAdapter"/>; and <see cref="TimeProvider.System"/> unless a TimeProvider is already registered.
    /// The host registers its <see cref="IBot"/>.
    /// </summary>
    public static IServiceCollection AddBotProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BotAuthenticationOptions>()
            .Bind(configuration.GetSection(BotAuthenticationOptions.SectionName))
            .ValidateOnStart();
        services.AddOptions<ConnectorOptions>()
            .Bind(configuration.GetSection(ConnectorOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotAuthenticationOptions>, BotAuthenticationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>());
        services.AddOptions<BotEndpointOptions>()
            .Bind(configuration.GetSection(BotEndpointOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotEndpointOptions>, BotEndpointOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BotProtocolStartupCheck>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BotTokenValidator>();
        services.TryAddSingleton<ConnectorTokenProvider>();
        services.TryAddSingleton<TrustedServiceUrls>();
        services.TryAddTransient<TrustedServiceUrlHandler>();
        services.TryAddTransient<ConnectorTokenHandler>();
        services.TryAddTransient<RetryHandler>();

        services.AddHttpClient(BotProtocolHttpClients.Metadata, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(BotProtocolHttpClients.Token, c => c.Timeout = TimeSpan.FromSeconds(30));

        // The adapter is a singleton that keeps its typed client, so the client pools connections itself
        // (SocketsHttpHandler recycles them for DNS changes) and the factory never rotates its handler.
        services.AddHttpClient<IConnectorClient, ConnectorClient>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Outermost: an untrusted host gets no attempt, no retry and no token.
            .AddHttpMessageHandler<TrustedServiceUrlHandler>()
            .AddHttpMessageHandler<RetryHandler>()
            .AddHttpMessageHandler<ConnectorTokenHandler>()
            // Failures are logged by the client itself with the operation id; per-request HttpClient logging
            // scopes cost a third of a simple turn.
            .RemoveAllLoggers();

        services.TryAddSingleton(sp => new BotAdapter(
            sp.GetRequiredService<IConnectorClient>(),
            sp.GetRequiredService<BotTokenValidator>(),
            sp.GetRequiredService<ILogger<BotAdapter>>(),
            sp.GetRequiredService<TrustedServiceUrls>(),
            sp.GetRequiredService<IOptions<BotEndpointOptions>>().Value));
        return services;
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c> to <see cref="BotAdapter.ProcessAsync"/> with the <see cref="IBot"/>
    /// resolved from the request's services.
    /// </summary>
    public static IEndpointConventionBuilder MapBotEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        // A plain RequestDelegate: no parameter binding on the hot path.
        RequestDelegate handler = static http =>
        {
            var services = http.RequestServices;
            return services.GetRequiredService<BotAdapter>().ProcessAsync(http, services.GetRequiredService<IBot>(), http.RequestAborted);
        };
        return endpoints.MapPost(pattern, handler).WithDisplayName("Bot messaging endpoint");
    }
}

/// <summary>Logs once at start when the bot runs without authentication.</summary>
internal sealed class BotProtocolStartupCheck(IOptions<BotAuthenticationOptions> options, ILogger<BotProtocolStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsAuthenticationEnabled)
        {
            Log.UnauthenticatedMode(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
