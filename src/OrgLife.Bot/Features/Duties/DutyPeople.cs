using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// People a duty can be given to: the conversation's members (paged roster), @mentions and the speaker; and the
/// way back from a Teams id picked on the form (or a name in an import) to a stored user.
/// </summary>
internal sealed class DutyPeople(BotDbContext db, OrgDirectory directory)
{
    private const int MaxPeople = 200;

    public static async Task<IReadOnlyList<Person>> CandidatesAsync(BotTurn turn, CancellationToken cancellationToken)
    {
        var people = new Dictionary<string, string>(StringComparer.Ordinal) { [turn.User.TeamsId] = turn.User.Name };
        foreach (var mentioned in turn.Mentions.Where(m => m.Id is not null))
        {
            people.TryAdd(mentioned.Id!, mentioned.Name ?? mentioned.Id!);
        }

        try
        {
            string? token = null;
            do
            {
                var page = await turn.Context.Connector.GetPagedMembersAsync(turn.Activity.ServiceUrl!, turn.Activity.Conversation!.Id!, 100, token, cancellationToken);
                foreach (var member in page.Members.Where(m => m.Id is not null))
                {
                    people.TryAdd(member.Id!, member.Name ?? member.Id!);
                }

                token = page.ContinuationToken;
            }
            while (token is not null && people.Count < MaxPeople);
        }
        catch (ConnectorException)
        {
            // The roster is a convenience: without it the form still offers the speaker and the mentioned.
        }

        return [.. people.Take(MaxPeople).Select(p => new Person(p.Key, p.Value)).OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The form's people plus the duty's current owner and leader with their Teams ids (null leader id: none), who
    /// may not be members here (an edit from a leader's 1:1 chat) and would otherwise vanish from the pickers.
    /// </summary>
    public async Task<(IReadOnlyList<Person> People, string OwnerId, string? LeaderId)> WithAssigneesAsync(IReadOnlyList<Person> candidates, Duty duty, CancellationToken cancellationToken)
    {
        var assignees = await db.Users.AsNoTracking().Where(u => u.Id == duty.OwnerUserId || u.Id == duty.LeaderUserId)
            .Select(u => new { u.Id, u.TeamsId, u.Name }).ToListAsync(cancellationToken);
        var people = candidates.ToList();
        foreach (var assignee in assignees.Where(a => people.All(p => p.Id != a.TeamsId)))
        {
            people.Add(new Person(assignee.TeamsId, assignee.Name));
        }

        var ownerId = assignees.FirstOrDefault(a => a.Id == duty.OwnerUserId)?.TeamsId ?? "";
        var leaderId = duty.LeaderUserId == 0 ? null : assignees.FirstOrDefault(a => a.Id == duty.LeaderUserId)?.TeamsId;
        return ([.. people.OrderBy(p => p.Name, StringComparer.Ordinal)], ownerId, leaderId);
    }

    /// <summary>The stored user for a Teams id chosen on the form, learning them from the roster when new.</summary>
    public async Task<long?> ResolveTeamsIdAsync(BotTurn turn, string teamsId, CancellationToken cancellationToken)
    {
        var known = await db.Users.AsNoTracking().Where(u => u.TeamsId == teamsId).Select(u => (long?)u.Id).FirstOrDefaultAsync(cancellationToken);
        if (known is not null)
        {
            return known;
        }

        var mentioned = turn.Mentions.FirstOrDefault(m => m.Id == teamsId);
        ChannelAccount? account = mentioned;
        if (account is null)
        {
            try
            {
                var member = await turn.Context.Connector.GetMemberAsync(turn.Activity.ServiceUrl!, turn.Activity.Conversation!.Id!, teamsId, cancellationToken);
                account = member is null ? null : new ChannelAccount { Id = member.Id, Name = member.Name, AadObjectId = member.EffectiveAadObjectId };
            }
            catch (ConnectorException)
            {
                account = null;
            }
        }

        if (account is null)
        {
            return null;
        }

        var user = await directory.EnsureUserAsync(account, turn.Activity.TenantId, null, null, cancellationToken);
        return user.Id;
    }

    /// <summary>Finds a person by display name, Teams id or Entra object id among users the bot knows in the tenant.</summary>
    public async Task<Func<string, PersonMatch>> FinderAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => tenantId == null || u.TenantId == tenantId || u.TenantId == null)
            .Select(u => new { u.Id, u.Name, u.TeamsId, u.AadObjectId }).ToListAsync(cancellationToken);
        return key =>
        {
            var trimmed = key.Trim().TrimStart('@');
            var matches = users.Where(u => string.Equals(u.Name, trimmed, StringComparison.OrdinalIgnoreCase)
                || u.TeamsId == trimmed || string.Equals(u.AadObjectId, trimmed, StringComparison.OrdinalIgnoreCase)).Select(u => u.Id).Distinct().ToList();
            return matches.Count switch
            {
                1 => new PersonMatch(PersonMatchKind.Found, matches[0]),
                0 => new PersonMatch(PersonMatchKind.Unknown, 0),
                _ => new PersonMatch(PersonMatchKind.Ambiguous, 0),
            };
        };
    }
}
