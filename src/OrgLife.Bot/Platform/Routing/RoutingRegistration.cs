using OrgLife.Protocol.Hosting;

namespace OrgLife.Bot.Platform.Routing;

internal static class RoutingRegistration
{
    /// <summary>The bot (one per turn), its delivery memory, localisation and card templates.</summary>
    public static IServiceCollection AddOrgLifeBot(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddLocalization();
        services.AddSingleton<Cards.CardTemplates>();
        services.AddSingleton<RecentDeliveries>();
        services.AddScoped<OrgLifeBot>();
        services.AddScoped<IBot>(sp => sp.GetRequiredService<OrgLifeBot>());
        return services;
    }
}
