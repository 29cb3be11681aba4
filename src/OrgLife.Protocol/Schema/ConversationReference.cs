namespace OrgLife.Protocol.Schema;

/// <summary>What is needed to send into a conversation later (proactive messaging).</summary>
public sealed record ConversationReference
{
    /// <summary>Base URL of the Connector for this conversation.</summary>
    public required string ServiceUrl { get; init; }

    /// <summary>Channel id (msteams).</summary>
    public string ChannelId { get; init; } = "msteams";

    /// <summary>The conversation.</summary>
    public required ConversationAccount Conversation { get; init; }

    /// <summary>The bot's account in the conversation.</summary>
    public ChannelAccount? Bot { get; init; }

    /// <summary>The user (personal chats) or the last sender.</summary>
    public ChannelAccount? User { get; init; }

    /// <summary>Tenant id.</summary>
    public string? TenantId { get; init; }

    /// <summary>Locale last seen in the conversation.</summary>
    public string? Locale { get; init; }

    /// <summary>Builds the reference of an inbound activity.</summary>
    public static ConversationReference? FromActivity(Activity activity)
    {
        if (activity.ServiceUrl is null || activity.Conversation?.Id is null)
        {
            return null;
        }

        return new ConversationReference
        {
            ServiceUrl = activity.ServiceUrl,
            ChannelId = activity.ChannelId ?? "msteams",
            Conversation = activity.Conversation,
            Bot = activity.Recipient,
            User = activity.From,
            TenantId = activity.TenantId,
            Locale = activity.Locale,
        };
    }

    /// <summary>A message addressed into this conversation (no reply id).</summary>
    public Activity CreateMessage(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        From = Bot,
        Conversation = Conversation,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Locale = Locale,
        Text = text,
        TextFormat = text is null ? null : TextFormats.Markdown,
    };
}
