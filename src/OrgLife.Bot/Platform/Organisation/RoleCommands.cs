using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Platform.Organisation;

/// <summary>
/// "设为书记 @某人" / "make @someone secretary", "设为领导 @某人", "取消书记 @某人" / "remove @someone secretary",
/// and "角色" / "roles". Only admins assign roles.
/// </summary>
internal sealed class RoleCommands(RoleService roles, OrgDirectory directory, IStringLocalizer<BotStrings> text)
{
    public Task MakeSecretaryAsync(BotTurn turn, string arguments, CancellationToken cancellationToken) =>
        ChangeAsync(turn, Role.Secretary, grant: true, cancellationToken);

    public Task MakeLeaderAsync(BotTurn turn, string arguments, CancellationToken cancellationToken) =>
        ChangeAsync(turn, Role.Leader, grant: true, cancellationToken);

    public Task RemoveSecretaryAsync(BotTurn turn, string arguments, CancellationToken cancellationToken) =>
        ChangeAsync(turn, Role.Secretary, grant: false, cancellationToken);

    public Task RemoveLeaderAsync(BotTurn turn, string arguments, CancellationToken cancellationToken) =>
        ChangeAsync(turn, Role.Leader, grant: false, cancellationToken);

    /// <summary>English word order: "make @Alex secretary", "remove @Alex leader".</summary>
    public Task EnglishAsync(BotTurn turn, string arguments, bool grant, CancellationToken cancellationToken)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Role? role = words.Any(w => w.Equals("secretary", StringComparison.OrdinalIgnoreCase)) ? Role.Secretary
            : words.Any(w => w.Equals("leader", StringComparison.OrdinalIgnoreCase)) ? Role.Leader
            : null;
        return role is { } r
            ? ChangeAsync(turn, r, grant, cancellationToken)
            : turn.SendTextAsync(text["RoleUnknown"], cancellationToken);
    }

    public async Task ListAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var holders = await roles.ListAsync(turn.Scope.Id, cancellationToken);
        if (holders.Count == 0)
        {
            await turn.SendTextAsync(text["NoRoles"], cancellationToken);
            return;
        }

        var lines = holders.GroupBy(h => h.Role)
            .Select(g => text["RoleLine", RoleName(g.Key), string.Join("、", g.Select(h => h.User.Name))].Value);
        await turn.SendTextAsync(text["RolesTitle"] + "\n\n" + string.Join("\n\n", lines), cancellationToken);
    }

    private async Task ChangeAsync(BotTurn turn, Role role, bool grant, CancellationToken cancellationToken)
    {
        if (!await roles.HasAsync(turn.Scope.Id, turn.User.Id, Role.Admin, cancellationToken))
        {
            var admins = await roles.HoldersAsync(turn.Scope.Id, Role.Admin, cancellationToken);
            var names = admins.Count == 0 ? text["NobodyYet"].Value : string.Join("、", admins.Select(a => a.Name));
            await turn.SendTextAsync(text["RoleAdminOnly", names], cancellationToken);
            return;
        }

        if (turn.Mentions.Count == 0)
        {
            await turn.SendTextAsync(text["RoleNeedsMention"], cancellationToken);
            return;
        }

        var replies = new List<string>();
        foreach (var mentioned in turn.Mentions)
        {
            var person = await directory.EnsureUserAsync(mentioned, turn.Activity.TenantId, null, null, cancellationToken);
            var changed = grant
                ? await roles.GrantAsync(turn.Scope.Id, person.Id, role, turn.User.Id, cancellationToken)
                : await roles.RevokeAsync(turn.Scope.Id, person.Id, role, cancellationToken);
            var key = (grant, changed) switch
            {
                (true, true) => "RoleGranted",
                (true, false) => "RoleAlreadyHeld",
                (false, true) => "RoleRevoked",
                (false, false) => "RoleNotHeld",
            };
            replies.Add(text[key, person.Name, RoleName(role)]);
        }

        await turn.SendTextAsync(string.Join("\n\n", replies), cancellationToken);
    }

    private string RoleName(Role role) => text["Role_" + role];
}
