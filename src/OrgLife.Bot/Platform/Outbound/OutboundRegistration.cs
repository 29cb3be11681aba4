using Microsoft.Extensions.DependencyInjection.Extensions;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Scheduling;

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
        services.TryAddScoped<Outbox>();
        // Every instance sends what is queued and due; the lease keeps any row to one of them.
        services.AddScheduledJob<Outbox>("outbound", Outbox.TickInterval, (outbox, ct) => outbox.RunOnceAsync(ct));
        return services.AddStoreModel(OutboundModel.Configure);
    }
}
