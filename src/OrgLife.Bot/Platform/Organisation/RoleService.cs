using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Platform.Organisation;

/// <summary>
/// The one place role checks happen. An admin (whoever installed the bot in the scope) passes every check;
/// other roles are held explicitly. Features call <see cref="HasAsync"/> and never query the table themselves.
/// </summary>
internal sealed class RoleService(BotDbContext db, TimeProvider clock)
{
    /// <summary>True when the user holds <paramref name="role"/> (or is admin) in the scope. Everyone is a member.</summary>
    public async Task<bool> HasAsync(long scopeId, long userId, Role role, CancellationToken cancellationToken)
    {
        if (role == Role.Member)
        {
            return true;
        }

        return await db.Roles.AsNoTracking()
            .AnyAsync(r => r.ScopeId == scopeId && r.UserId == userId && (r.Role == role || r.Role == Role.Admin), cancellationToken);
    }

    /// <summary>True when the user holds any of the roles (admin passes).</summary>
    public async Task<bool> HasAnyAsync(long scopeId, long userId, IReadOnlyCollection<Role> roles, CancellationToken cancellationToken)
    {
        foreach (var role in roles)
        {
            if (await HasAsync(scopeId, userId, role, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Grants a role; granting one already held changes nothing.</summary>
    public async Task<bool> GrantAsync(long scopeId, long userId, Role role, long? grantedBy, CancellationToken cancellationToken)
    {
        if (await db.Roles.AnyAsync(r => r.ScopeId == scopeId && r.UserId == userId && r.Role == role, cancellationToken))
        {
            return false;
        }

        db.Roles.Add(new ScopeRole { ScopeId = scopeId, UserId = userId, Role = role, GrantedByUserId = grantedBy, GrantedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // A concurrent grant of the same role won; the user holds it either way.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public async Task<bool> RevokeAsync(long scopeId, long userId, Role role, CancellationToken cancellationToken) =>
        await db.Roles.Where(r => r.ScopeId == scopeId && r.UserId == userId && r.Role == role).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>Holders of a role in a scope (admins not included unless <paramref name="role"/> is Admin).</summary>
    public async Task<IReadOnlyList<UserProfile>> HoldersAsync(long scopeId, Role role, CancellationToken cancellationToken) =>
        await db.Roles.AsNoTracking().Where(r => r.ScopeId == scopeId && r.Role == role)
            .Join(db.Users.AsNoTracking(), r => r.UserId, u => u.Id, (r, u) => u)
            .OrderBy(u => u.Name).ToListAsync(cancellationToken);

    /// <summary>Everyone holding a non-member role in the scope, for the roles card.</summary>
    public async Task<IReadOnlyList<(UserProfile User, Role Role)>> ListAsync(long scopeId, CancellationToken cancellationToken)
    {
        var rows = await db.Roles.AsNoTracking().Where(r => r.ScopeId == scopeId)
            .Join(db.Users.AsNoTracking(), r => r.UserId, u => u.Id, (r, u) => new { User = u, r.Role })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.Role).ThenBy(r => r.User.Name, StringComparer.Ordinal).Select(r => (r.User, r.Role))];
    }

    /// <summary>Scopes where the user holds the role (or admin), e.g. a leader's scopes.</summary>
    public async Task<IReadOnlyList<long>> ScopesWhereAsync(long userId, Role role, CancellationToken cancellationToken) =>
        await db.Roles.AsNoTracking().Where(r => r.UserId == userId && (r.Role == role || r.Role == Role.Admin))
            .Select(r => r.ScopeId).Distinct().ToListAsync(cancellationToken);
}
