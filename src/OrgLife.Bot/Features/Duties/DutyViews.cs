using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;

namespace OrgLife.Bot.Features.Duties;

internal enum DutyLight
{
    Blue = 0,
    Yellow = 1,
    Red = 2,
    Done = 3,
    Cancelled = 4,
}

/// <summary>A duty as a card shows it: names resolved, deadline in the viewer's zone, its traffic light.</summary>
internal sealed record DutyView(Duty Duty, string OwnerName, string LeaderName, DateTime DueLocal, DateTime? RequestedLocal, DutyLight Light, int DaysOverdue);

/// <summary>Reads duties for people: mine, overdue in my scopes, a leader's digest, one item with names.</summary>
internal sealed class DutyViews(BotDbContext db, RoleService roles, IOptions<DutiesOptions> options, TimeProvider clock)
{
    private const int MaxListed = 30;

    public static DutyLight LightOf(Duty duty, DateTimeOffset now, TimeSpan dueSoon) =>
        duty.Status == DutyStatus.Cancelled ? DutyLight.Cancelled
        : !duty.IsOpen ? DutyLight.Done
        : duty.DueAt < now ? DutyLight.Red
        : duty.DueAt - now <= dueSoon || duty.RequestedDueAt is not null ? DutyLight.Yellow
        : DutyLight.Blue;

    public async Task<IReadOnlyList<DutyView>> ViewsAsync(IReadOnlyCollection<Duty> duties, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var userIds = duties.SelectMany(d => new[] { d.OwnerUserId, d.LeaderUserId }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var now = clock.GetUtcNow();
        return [.. duties.Select(d => new DutyView(
            d,
            names.GetValueOrDefault(d.OwnerUserId, "—"),
            names.GetValueOrDefault(d.LeaderUserId, "—"),
            LocalTime.ToLocal(d.DueAt, zone),
            d.RequestedDueAt is { } requested ? LocalTime.ToLocal(requested, zone) : null,
            LightOf(d, now, options.Value.DueSoon),
            d.IsOpen && d.DueAt < now ? (int)Math.Ceiling((now - d.DueAt).TotalDays) : 0))];
    }

    public async Task<IReadOnlyList<DutyView>> MineAsync(long userId, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var duties = await db.Set<Duty>().AsNoTracking().Where(d => d.OwnerUserId == userId && d.Status != DutyStatus.Done && d.Status != DutyStatus.Cancelled)
            .OrderBy(d => d.DueAt).Take(MaxListed).ToListAsync(cancellationToken);
        return await ViewsAsync(duties, zone, cancellationToken);
    }

    /// <summary>Overdue duties the user leads, or in scopes where they are a leader (admins included).</summary>
    public async Task<IReadOnlyList<DutyView>> OverdueForLeaderAsync(long userId, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var scopes = await roles.ScopesWhereAsync(userId, Role.Leader, cancellationToken);
        var duties = await db.Set<Duty>().AsNoTracking()
            .Where(d => d.Status != DutyStatus.Done && d.Status != DutyStatus.Cancelled && d.DueAt < now && (d.LeaderUserId == userId || scopes.Contains(d.ScopeId)))
            .OrderBy(d => d.DueAt).Take(MaxListed).ToListAsync(cancellationToken);
        return await ViewsAsync(duties, zone, cancellationToken);
    }

    /// <summary>A leader's weekly picture: overdue, and due before <paramref name="horizon"/>.</summary>
    public async Task<IReadOnlyList<DutyView>> DigestAsync(long leaderId, DateTimeOffset horizon, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var scopes = await roles.ScopesWhereAsync(leaderId, Role.Leader, cancellationToken);
        var duties = await db.Set<Duty>().AsNoTracking()
            .Where(d => d.Status != DutyStatus.Done && d.Status != DutyStatus.Cancelled && d.DueAt <= horizon && (d.LeaderUserId == leaderId || scopes.Contains(d.ScopeId)))
            .OrderBy(d => d.DueAt).Take(MaxListed).ToListAsync(cancellationToken);
        return await ViewsAsync(duties, zone, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(IEnumerable<long> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
    }

    /// <summary>The scope's list (or one owner's part of it), open and done, for export.</summary>
    public async Task<IReadOnlyList<DutyView>> ExportAsync(long scopeId, long? ownerId, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var duties = await db.Set<Duty>().AsNoTracking()
            .Where(d => ownerId == null ? d.ScopeId == scopeId : d.OwnerUserId == ownerId)
            .OrderBy(d => d.DueAt).Take(10_000).ToListAsync(cancellationToken);
        return await ViewsAsync(duties, zone, cancellationToken);
    }

    public async Task<bool> MayManageAsync(Duty duty, long userId, CancellationToken cancellationToken) =>
        duty.LeaderUserId == userId || duty.CreatedByUserId == userId
        || await roles.HasAnyAsync(duty.ScopeId, userId, [Role.Leader, Role.Secretary], cancellationToken);

    /// <summary>Edit or cancel: the duty's creator, its leader, or a secretary (or admin) of its scope.</summary>
    public async Task<bool> MayEditAsync(Duty duty, long userId, CancellationToken cancellationToken) =>
        duty.CreatedByUserId == userId || duty.LeaderUserId == userId
        || await roles.HasAsync(duty.ScopeId, userId, Role.Secretary, cancellationToken);

    public async Task<bool> MayActAsync(Duty duty, long userId, CancellationToken cancellationToken) =>
        duty.OwnerUserId == userId || await MayManageAsync(duty, userId, cancellationToken);

    public async Task<bool> MaySeeAsync(Duty duty, long userId, long scopeId, CancellationToken cancellationToken) =>
        duty.ScopeId == scopeId || await MayActAsync(duty, userId, cancellationToken);
}
