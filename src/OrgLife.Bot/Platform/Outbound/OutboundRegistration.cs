using Microsoft.Extensions.DependencyInjection.Extensions;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Platform.Outbound;

internal static class OutboundRegistration
{
    /// <summary>The send limits and instance leases every proactive send goes through (called by <c>AddOrganisation()</c>).</summary>
    public static IServiceCollection AddOutbound(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SendGate)))
        {
            return services;
        }

        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SendGate>();
        services.TryAddSingleton<InstanceRegistry>();
        services.AddHostedService<InstanceHeartbeat>();
        return services.AddStoreModel(OutboundModel.Configure);
    }
}
