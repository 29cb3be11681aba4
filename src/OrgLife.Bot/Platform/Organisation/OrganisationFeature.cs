using OrgLife.Bot.Platform.Outbound;
using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Platform.Organisation;

internal static class OrganisationFeature
{
    /// <summary>Users, scopes, roles, conversation references and proactive sends; the role commands.</summary>
    public static IServiceCollection AddOrganisation(this IServiceCollection services) => services
        .AddOutbound()
        .AddSingleton<DirectoryCache>()
        .AddScoped<OrgDirectory>()
        .AddScoped<RoleService>()
        .AddScoped<ProactiveMessenger>()
        .AddScoped<RoleCommands>()
        .AddRoutes(routes => routes
            .Command<RoleCommands>(["设为书记", "指定书记"], (h, turn, args, ct) => h.MakeSecretaryAsync(turn, args, ct))
            .Command<RoleCommands>(["设为领导", "指定领导"], (h, turn, args, ct) => h.MakeLeaderAsync(turn, args, ct))
            .Command<RoleCommands>(["取消书记"], (h, turn, args, ct) => h.RemoveSecretaryAsync(turn, args, ct))
            .Command<RoleCommands>(["取消领导"], (h, turn, args, ct) => h.RemoveLeaderAsync(turn, args, ct))
            .Command<RoleCommands>(["make"], (h, turn, args, ct) => h.EnglishAsync(turn, args, grant: true, ct))
            .Command<RoleCommands>(["remove"], (h, turn, args, ct) => h.EnglishAsync(turn, args, grant: false, ct))
            .Command<RoleCommands>(["角色", "roles"], (h, turn, args, ct) => h.ListAsync(turn, args, ct))
            .HelpLine<BotStrings>("RolesCommand", "RolesDescription", 90)
            .HelpLine<BotStrings>("MakeSecretaryCommand", "MakeSecretaryDescription", 91));
}
