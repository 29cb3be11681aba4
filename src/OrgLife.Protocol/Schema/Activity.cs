using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrgLife.Protocol.Schema;

/// <summary>
/// A Bot Framework activity, inbound or outbound. Only the fields the bot reads or writes are typed;
/// everything else Teams sends is kept in <see cref="ExtensionData"/> so nothing is lost on a round trip.
/// </summary>
public sealed class Activity
{
    /// <summary>Activity type, see <see cref="ActivityTypes"/>.</summary>
    public string? Type { get; set; }

    /// <summary>Activity id (the message id for replies and updates).</summary>
    public string? Id { get; set; }

    /// <summary>UTC time the channel received the activity.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Sender's local time with offset, when the client reports it.</summary>
    public DateTimeOffset? LocalTimestamp { get; set; }

    /// <summary>IANA time zone of the sender, when the client reports it.</summary>
    public string? LocalTimezone { get; set; }

    /// <summary>Base URL for every Connector call about this conversation.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Channel id, <c>msteams</c> for Teams.</summary>
    public string? ChannelId { get; set; }

    /// <summary>Sender.</summary>
    public ChannelAccount? From { get; set; }

    /// <summary>Conversation the activity belongs to.</summary>
    public ConversationAccount? Conversation { get; set; }

    /// <summary>Receiver (the bot on inbound activities).</summary>
    public ChannelAccount? Recipient { get; set; }

    /// <summary>Text format: plain, markdown or xml.</summary>
    public string? TextFormat { get; set; }

    /// <summary>Layout of several attachments: list or carousel.</summary>
    public string? AttachmentLayout { get; set; }

    /// <summary>Members added (conversationUpdate).</summary>
    public List<ChannelAccount>? MembersAdded { get; set; }

    /// <summary>Members removed (conversationUpdate).</summary>
    public List<ChannelAccount>? MembersRemoved { get; set; }

    /// <summary>Reactions added (messageReaction).</summary>
    public List<MessageReaction>? ReactionsAdded { get; set; }

    /// <summary>Reactions removed (messageReaction).</summary>
    public List<MessageReaction>? ReactionsRemoved { get; set; }

    /// <summary>Locale of the sender, e.g. <c>zh-CN</c>.</summary>
    public string? Locale { get; set; }

    /// <summary>Message text.</summary>
    public string? Text { get; set; }

    /// <summary>Short text for notifications.</summary>
    public string? Summary { get; set; }

    /// <summary>Attachments (Adaptive Cards, files).</summary>
    public List<Attachment>? Attachments { get; set; }

    /// <summary>Entities such as mentions and clientInfo.</summary>
    public List<Entity>? Entities { get; set; }

    /// <summary>Channel-specific data (Teams: tenant, team, channel, eventType...).</summary>
    public JsonObject? ChannelData { get; set; }

    /// <summary>installationUpdate action: add, remove, add-upgrade, remove-upgrade.</summary>
    public string? Action { get; set; }

    /// <summary>The id of the activity this one answers.</summary>
    public string? ReplyToId { get; set; }

    /// <summary>Invoke name or event name.</summary>
    public string? Name { get; set; }

    /// <summary>Card submit data (message) or invoke payload (invoke).</summary>
    public JsonNode? Value { get; set; }

    /// <summary>Input hint; optional, Teams does not rely on it.</summary>
    public string? InputHint { get; set; }

    /// <summary>Fields this type does not model, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The Teams tenant id, from channelData or the conversation.</summary>
    [JsonIgnore]
    public string? TenantId =>
        (ChannelData?["tenant"]?["id"] is JsonValue id && id.TryGetValue<string>(out var tenant) ? tenant : null) ?? Conversation?.TenantId;

    /// <summary>Creates a message activity addressed as a reply to this one.</summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        From = Recipient,
        Recipient = From,
        Conversation = Conversation,
        ReplyToId = Id,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Locale = Locale,
        Text = text,
        TextFormat = text is null ? null : TextFormats.Markdown,
    };
}

/// <summary>Well-known activity types.</summary>
public static class ActivityTypes
{
    /// <summary>A message (text or Action.Submit).</summary>
    public const string Message = "message";
    /// <summary>Members or conversation changed.</summary>
    public const string ConversationUpdate = "conversationUpdate";
    /// <summary>App installed or removed.</summary>
    public const string InstallationUpdate = "installationUpdate";
    /// <summary>Synchronous request that expects a body in the HTTP response.</summary>
    public const string Invoke = "invoke";
    /// <summary>Reaction added or removed.</summary>
    public const string MessageReaction = "messageReaction";
    /// <summary>Message edited.</summary>
    public const string MessageUpdate = "messageUpdate";
    /// <summary>Message deleted.</summary>
    public const string MessageDelete = "messageDelete";
    /// <summary>Typing indicator.</summary>
    public const string Typing = "typing";
    /// <summary>Named event.</summary>
    public const string Event = "event";
}

/// <summary>Text formats.</summary>
public static class TextFormats
{
    /// <summary>Plain text.</summary>
    public const string Plain = "plain";
    /// <summary>Markdown.</summary>
    public const string Markdown = "markdown";
    /// <summary>XML (Teams mentions).</summary>
    public const string Xml = "xml";
}
