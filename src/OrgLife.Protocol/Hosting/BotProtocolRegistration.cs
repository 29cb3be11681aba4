using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrgLife.Protocol.Hosting;

/// <summary>Temporary registration until the full protocol hosting lands.</summary>
public static class BotProtocolRegistration
{
    /// <summary>Registers the adapter.</summary>
    public static IServiceCollection AddBotProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<BotAdapter>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Maps the messaging endpoint.</summary>
    public static IEndpointConventionBuilder MapBotEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages") =>
        endpoints.MapPost(pattern, (HttpContext http, IBot bot, BotAdapter adapter) => adapter.ProcessAsync(http, bot, http.RequestAborted));
}
