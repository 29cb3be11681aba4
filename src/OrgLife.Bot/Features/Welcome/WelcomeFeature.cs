using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Features.Welcome;

internal static class WelcomeFeature
{
    /// <summary>Welcome card, help card, command buttons.</summary>
    public static IServiceCollection AddWelcome(this IServiceCollection services) => services
        .AddSingleton<WelcomeCards>()
        .AddScoped<WelcomeHandlers>()
        .AddRoutes(routes => routes
            .Command<WelcomeHandlers>(["帮助", "help", "菜单", "menu"], (h, turn, args, ct) => h.HelpAsync(turn, args, ct))
            .CardAction<WelcomeHandlers>("help.language", (h, turn, action, ct) => h.SwitchLanguageAsync(turn, action, ct))
            .CardAction<WelcomeHandlers>("command.run", (h, turn, action, ct) => h.RunCommandAsync(turn, action, ct))
            .HelpLine<BotStrings>("HelpCommand", "HelpDescription", 0));
}
