namespace OrgLife.Bot.Platform.Data;

/// <summary>A person the bot has seen. Keyed by the Teams user id; the Entra object id is kept when known.</summary>
internal sealed class UserProfile
{
    public long Id { get; set; }
    /// <summary>Teams user id (<c>29:…</c>).</summary>
    public required string TeamsId { get; set; }
    public string? AadObjectId { get; set; }
    public string Name { get; set; } = "";
    public string? TenantId { get; set; }
    /// <summary>Last locale seen on the user's activities (zh-CN, en-US…).</summary>
    public string? Locale { get; set; }
    /// <summary>IANA time zone from clientInfo/localTimezone, when the client reported one.</summary>
    public string? TimeZone { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal enum ScopeKind
{
    Personal = 0,
    GroupChat = 1,
    Team = 2,
}

/// <summary>
/// An organisation scope: a team (all its channels), a group chat, or one user's personal chat with the bot.
/// Roles, meetings and duties belong to a scope.
/// </summary>
internal sealed class OrgScope
{
    public long Id { get; set; }
    public ScopeKind Kind { get; set; }
    /// <summary>Team id for teams; conversation id (without <c>;messageid=</c>) for chats.</summary>
    public required string ExternalId { get; set; }
    public string Name { get; set; } = "";
    public string? TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when the app is uninstalled from the scope.</summary>
    public DateTimeOffset? RemovedAt { get; set; }
}

internal enum Role
{
    Member = 0,
    Secretary = 1,
    Leader = 2,
    Admin = 3,
}

/// <summary>A role a user holds in a scope. A user may hold several.</summary>
internal sealed class ScopeRole
{
    public long ScopeId { get; set; }
    public long UserId { get; set; }
    public Role Role { get; set; }
    public long? GrantedByUserId { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
}

/// <summary>
/// A stored conversation reference: everything needed to send into the conversation later.
/// Refreshed on every activity seen there; <see cref="IsUsable"/> turns false on uninstall or a 403.
/// </summary>
internal sealed class StoredConversation
{
    public long Id { get; set; }
    /// <summary>Conversation id; for channels the channel id (posting there starts a new thread).</summary>
    public required string ConversationId { get; set; }
    public required string ServiceUrl { get; set; }
    public string ChannelId { get; set; } = "msteams";
    public string? TenantId { get; set; }
    public string? ConversationType { get; set; }
    public string? BotId { get; set; }
    public string? BotName { get; set; }
    /// <summary>The user of a personal chat.</summary>
    public long? UserId { get; set; }
    public long? ScopeId { get; set; }
    public string? Locale { get; set; }
    public bool IsUsable { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
}
