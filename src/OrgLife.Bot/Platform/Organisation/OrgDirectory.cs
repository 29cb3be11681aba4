using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Platform.Organisation;

/// <summary>
/// Who and where: keeps users, scopes and conversation references in the store, refreshed from every
/// activity. Steady-state turns cost no database write: a per-instance cache remembers what was last stored
/// and only a change (new user, new locale, moved service URL…) is written.
/// </summary>
internal sealed class OrgDirectory(BotDbContext db, DirectoryCache cache, TimeProvider clock)
{
    /// <summary>Stores (or refreshes) the sender, the scope and the conversation reference of an activity.</summary>
    public async Task<(UserProfile User, OrgScope Scope)> ResolveAsync(Activity activity, CancellationToken cancellationToken)
    {
        var scope = await EnsureScopeAsync(activity, cancellationToken);
        var user = await EnsureUserAsync(activity.From!, activity.TenantId, activity.Locale, ReadTimeZone(activity), cancellationToken);
        await SaveReferenceAsync(activity, scope, user, cancellationToken);
        return (user, scope);
    }

    /// <summary>The scope key: a team for any of its channels, else the conversation (without a thread suffix).</summary>
    public static (string ExternalId, ScopeKind Kind, string? Name) ScopeKeyOf(Activity activity)
    {
        var conversation = activity.Conversation!;
        var teamId = TextAt(activity.ChannelData?["team"]?["id"]);
        if (conversation.ConversationType == ConversationTypes.Channel || teamId is not null)
        {
            var name = TextAt(activity.ChannelData?["team"]?["name"]);
            return (teamId ?? WithoutThread(conversation.Id!), ScopeKind.Team, name);
        }

        return conversation.ConversationType == ConversationTypes.GroupChat || conversation.IsGroup == true
            ? (conversation.Id!, ScopeKind.GroupChat, conversation.Name)
            : (conversation.Id!, ScopeKind.Personal, activity.From?.Name);
    }

    /// <summary>A string member of channelData; a value of another type (a number, an object) counts as absent.</summary>
    private static string? TextAt(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static string WithoutThread(string conversationId)
    {
        var thread = conversationId.IndexOf(";messageid=", StringComparison.Ordinal);
        return thread >= 0 ? conversationId[..thread] : conversationId;
    }

    public async Task<OrgScope> EnsureScopeAsync(Activity activity, CancellationToken cancellationToken)
    {
        var (externalId, kind, name) = ScopeKeyOf(activity);
        if (cache.Scopes.TryGetValue(externalId, out var cached) && cached.RemovedAt is null)
        {
            return cached;
        }

        var scope = await db.Scopes.AsNoTracking().FirstOrDefaultAsync(s => s.ExternalId == externalId, cancellationToken);
        if (scope is null)
        {
            scope = new OrgScope { ExternalId = externalId, Kind = kind, Name = name ?? "", TenantId = activity.TenantId, CreatedAt = clock.GetUtcNow() };
            db.Scopes.Add(scope);
            if (!await TrySaveAsync(cancellationToken))
            {
                scope = await db.Scopes.AsNoTracking().FirstAsync(s => s.ExternalId == externalId, cancellationToken);
            }
        }
        else if (scope.RemovedAt is not null && activity.Type != ActivityTypes.InstallationUpdate)
        {
            // Someone talks to the bot here again: it is evidently installed.
            await db.Scopes.Where(s => s.Id == scope.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.RemovedAt, (DateTimeOffset?)null), cancellationToken);
            scope.RemovedAt = null;
        }

        db.ChangeTracker.Clear();
        cache.Scopes[externalId] = scope;
        return scope;
    }

    public async Task<UserProfile> EnsureUserAsync(ChannelAccount account, string? tenantId, string? locale, string? timeZone, CancellationToken cancellationToken)
    {
        var teamsId = account.Id!;
        if (cache.Users.TryGetValue(teamsId, out var cached) && !Differs(cached, account, locale, timeZone))
        {
            return cached;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.TeamsId == teamsId, cancellationToken);
        var now = clock.GetUtcNow();
        if (user is null)
        {
            user = new UserProfile { TeamsId = teamsId, CreatedAt = now };
            db.Users.Add(user);
        }

        user.Name = string.IsNullOrWhiteSpace(account.Name) ? user.Name : account.Name;
        user.AadObjectId = account.AadObjectId ?? user.AadObjectId;
        user.TenantId = tenantId ?? user.TenantId;
        user.Locale = locale ?? user.Locale;
        user.TimeZone = timeZone ?? user.TimeZone;
        user.UpdatedAt = now;
        if (!await TrySaveAsync(cancellationToken))
        {
            user = await db.Users.AsNoTracking().FirstAsync(u => u.TeamsId == teamsId, cancellationToken);
        }

        db.ChangeTracker.Clear();
        cache.Users[teamsId] = user;
        return user;
    }

    private static bool Differs(UserProfile user, ChannelAccount account, string? locale, string? timeZone) =>
        (!string.IsNullOrWhiteSpace(account.Name) && account.Name != user.Name)
        || (account.AadObjectId is not null && account.AadObjectId != user.AadObjectId)
        || (locale is not null && locale != user.Locale)
        || (timeZone is not null && timeZone != user.TimeZone);

    private async Task SaveReferenceAsync(Activity activity, OrgScope scope, UserProfile user, CancellationToken cancellationToken)
    {
        var conversationId = WithoutThread(activity.Conversation!.Id!);
        var serviceUrl = activity.ServiceUrl!;
        var isPersonal = scope.Kind == ScopeKind.Personal;
        var fingerprint = string.Concat(serviceUrl, "|", activity.Locale, "|", activity.Recipient?.Id);
        if (cache.References.TryGetValue(conversationId, out var known) && known == fingerprint)
        {
            return;
        }

        var stored = await db.Conversations.FirstOrDefaultAsync(c => c.ConversationId == conversationId, cancellationToken);
        if (stored is null)
        {
            stored = new StoredConversation { ConversationId = conversationId, ServiceUrl = serviceUrl };
            db.Conversations.Add(stored);
        }

        stored.ServiceUrl = serviceUrl;
        stored.ChannelId = activity.ChannelId ?? "msteams";
        stored.TenantId = activity.TenantId ?? stored.TenantId;
        stored.ConversationType = activity.Conversation.ConversationType ?? (isPersonal ? ConversationTypes.Personal : stored.ConversationType);
        stored.BotId = activity.Recipient?.Id ?? stored.BotId;
        stored.BotName = activity.Recipient?.Name ?? stored.BotName;
        stored.UserId = isPersonal ? user.Id : stored.UserId;
        stored.ScopeId = scope.Id;
        stored.Locale = activity.Locale ?? stored.Locale;
        stored.IsUsable = true;
        stored.UpdatedAt = clock.GetUtcNow();
        await TrySaveAsync(cancellationToken);
        db.ChangeTracker.Clear();
        cache.References[conversationId] = fingerprint;
    }

    /// <summary>The app was removed from a conversation: stop sending there.</summary>
    public async Task MarkRemovedAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = WithoutThread(activity.Conversation!.Id!);
        var now = clock.GetUtcNow();
        await db.Conversations.Where(c => c.ConversationId == conversationId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IsUsable, false).SetProperty(c => c.UpdatedAt, now), cancellationToken);
        var (externalId, _, _) = ScopeKeyOf(activity);
        await db.Scopes.Where(s => s.ExternalId == externalId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RemovedAt, now), cancellationToken);
        cache.References.TryRemove(conversationId, out _);
        cache.Scopes.TryRemove(externalId, out _);
    }

    /// <summary>Marks a stored conversation unusable (the Connector answered 403).</summary>
    public async Task MarkUnreachableAsync(string conversationId, CancellationToken cancellationToken)
    {
        await db.Conversations.Where(c => c.ConversationId == conversationId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IsUsable, false), cancellationToken);
        cache.References.TryRemove(conversationId, out _);
    }

    private static string? ReadTimeZone(Activity activity)
    {
        var fromClient = activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo")?.ExtensionData is { } data
            && data.TryGetValue("timezone", out var tz) && tz.ValueKind == System.Text.Json.JsonValueKind.String
            ? tz.GetString()
            : null;
        var zone = fromClient ?? activity.LocalTimezone;
        return TimeZones.TryFind(zone, out _) ? zone : null;
    }

    // Two instances (or two first messages) may insert the same row at once; the loser reloads it.
    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}

/// <summary>Per-instance memory of what the directory last stored, so unchanged turns write nothing.</summary>
internal sealed class DirectoryCache
{
    public ConcurrentDictionary<string, OrgScope> Scopes { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, UserProfile> Users { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, string> References { get; } = new(StringComparer.Ordinal);
}
