using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgLife.Protocol.Schema;

/// <summary>A user or bot in a conversation. Teams adds <c>aadObjectId</c> for users.</summary>
public sealed class ChannelAccount
{
    /// <summary>Channel-specific id (Teams: <c>29:…</c> users, <c>28:…</c> bots).</summary>
    public string? Id { get; set; }

    /// <summary>Display name.</summary>
    public string? Name { get; set; }

    /// <summary>Entra object id of the user, stable across bots.</summary>
    public string? AadObjectId { get; set; }

    /// <summary>Role: user or bot.</summary>
    public string? Role { get; set; }

    /// <summary>Fields this type does not model.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A conversation: personal, group chat or channel thread.</summary>
public sealed class ConversationAccount
{
    /// <summary>Conversation id. Channel threads end with <c>;messageid=&lt;root&gt;</c>.</summary>
    public string? Id { get; set; }

    /// <summary>personal, groupChat or channel.</summary>
    public string? ConversationType { get; set; }

    /// <summary>Tenant id.</summary>
    public string? TenantId { get; set; }

    /// <summary>True for group chats and channels.</summary>
    public bool? IsGroup { get; set; }

    /// <summary>Conversation name, when Teams sends one.</summary>
    public string? Name { get; set; }

    /// <summary>Fields this type does not model.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Kinds of conversation Teams uses.</summary>
public static class ConversationTypes
{
    /// <summary>1:1 chat between a user and the bot.</summary>
    public const string Personal = "personal";
    /// <summary>Group chat.</summary>
    public const string GroupChat = "groupChat";
    /// <summary>Team channel.</summary>
    public const string Channel = "channel";
}

/// <summary>A reaction on a message.</summary>
public sealed class MessageReaction
{
    /// <summary>like, heart, laugh…</summary>
    public string? Type { get; set; }
}

/// <summary>A member as returned by the Teams roster APIs.</summary>
public sealed class TeamsChannelAccount
{
    /// <summary>Teams user id.</summary>
    public string? Id { get; set; }
    /// <summary>Display name.</summary>
    public string? Name { get; set; }
    /// <summary>Entra object id (roster endpoints name it <c>objectId</c> or <c>aadObjectId</c>).</summary>
    public string? AadObjectId { get; set; }
    /// <summary>Entra object id under the name some endpoints use.</summary>
    public string? ObjectId { get; set; }
    /// <summary>Given name.</summary>
    public string? GivenName { get; set; }
    /// <summary>Surname.</summary>
    public string? Surname { get; set; }
    /// <summary>E-mail.</summary>
    public string? Email { get; set; }
    /// <summary>User principal name.</summary>
    public string? UserPrincipalName { get; set; }
    /// <summary>Tenant id.</summary>
    public string? TenantId { get; set; }
    /// <summary>user, guest, anonymous.</summary>
    public string? UserRole { get; set; }

    /// <summary>The object id whichever name the endpoint used.</summary>
    [JsonIgnore]
    public string? EffectiveAadObjectId => AadObjectId ?? ObjectId;

    /// <summary>Fields this type does not model.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One page of the paged roster.</summary>
public sealed class PagedMembersResult
{
    /// <summary>Members on this page.</summary>
    public List<TeamsChannelAccount> Members { get; set; } = [];
    /// <summary>Token for the next page; null on the last.</summary>
    public string? ContinuationToken { get; set; }
}
