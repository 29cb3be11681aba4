using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrgLife.Protocol.Schema;

/// <summary>An attachment: an Adaptive Card, a file or a file download descriptor.</summary>
public sealed class Attachment
{
    /// <summary>Adaptive Card content type.</summary>
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Teams file download info content type.</summary>
    public const string FileDownloadInfoContentType = "application/vnd.microsoft.teams.file.download.info";

    /// <summary>MIME type or card type.</summary>
    public string? ContentType { get; set; }

    /// <summary>URL of the content.</summary>
    public string? ContentUrl { get; set; }

    /// <summary>Inline content (a card).</summary>
    public JsonNode? Content { get; set; }

    /// <summary>File name.</summary>
    public string? Name { get; set; }

    /// <summary>Thumbnail URL.</summary>
    public string? ThumbnailUrl { get; set; }

    /// <summary>Fields this type does not model.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Wraps an Adaptive Card.</summary>
    public static Attachment AdaptiveCard(JsonObject card) =>
        new() { ContentType = AdaptiveCardContentType, Content = card };
}

/// <summary>An activity entity: a mention, clientInfo or anything else Teams adds.</summary>
public sealed class Entity
{
    /// <summary>Entity type (mention, clientInfo…).</summary>
    public string? Type { get; set; }

    /// <summary>The mentioned account (mention entities).</summary>
    public ChannelAccount? Mentioned { get; set; }

    /// <summary>The <c>&lt;at&gt;Name&lt;/at&gt;</c> text (mention entities).</summary>
    public string? Text { get; set; }

    /// <summary>Everything else on the entity (clientInfo's locale, timezone…).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Creates a mention entity; the text must also appear in the activity text.</summary>
    public static Entity Mention(ChannelAccount who) => new()
    {
        Type = "mention",
        Mentioned = who,
        Text = $"<at>{who.Name}</at>",
    };
}
