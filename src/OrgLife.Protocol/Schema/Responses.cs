using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrgLife.Protocol.Schema;

/// <summary>The Connector's answer to a send: the new activity id. Teams may answer 202 with no body.</summary>
public sealed class ResourceResponse
{
    /// <summary>Id of the created or updated activity; may be null.</summary>
    public string? Id { get; set; }
}

/// <summary>Parameters of <c>POST /v3/conversations</c>.</summary>
public sealed class ConversationParameters
{
    /// <summary>True for a channel post, false for a 1:1.</summary>
    public bool IsGroup { get; set; }
    /// <summary>The bot account.</summary>
    public ChannelAccount? Bot { get; set; }
    /// <summary>Members (the one user of a 1:1).</summary>
    public List<ChannelAccount>? Members { get; set; }
    /// <summary>Topic name.</summary>
    public string? TopicName { get; set; }
    /// <summary>Tenant id.</summary>
    public string? TenantId { get; set; }
    /// <summary>Initial activity (channel posts).</summary>
    public Activity? Activity { get; set; }
    /// <summary>Teams channel data: tenant, channel.</summary>
    public JsonObject? ChannelData { get; set; }
}

/// <summary>Answer of <c>POST /v3/conversations</c>.</summary>
public sealed class ConversationResourceResponse
{
    /// <summary>The conversation id.</summary>
    public string? Id { get; set; }
    /// <summary>The first activity's id, when one was sent.</summary>
    public string? ActivityId { get; set; }
    /// <summary>Service URL to use for the conversation, when it differs.</summary>
    public string? ServiceUrl { get; set; }
}

/// <summary>The Connector's error body.</summary>
public sealed class ErrorResponse
{
    /// <summary>The error.</summary>
    public ErrorDetail? Error { get; set; }
}

/// <summary>Error code and message.</summary>
public sealed class ErrorDetail
{
    /// <summary>Machine-readable code.</summary>
    public string? Code { get; set; }
    /// <summary>Message.</summary>
    public string? Message { get; set; }
}

/// <summary>HTTP response to an invoke activity.</summary>
public sealed class InvokeResponse
{
    /// <summary>HTTP status of the POST.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Body, serialized as JSON when not null.</summary>
    public JsonNode? Body { get; init; }

    /// <summary>501, the convention for invokes nobody handles.</summary>
    public static InvokeResponse NotImplemented => new() { Status = 501 };
}

/// <summary>Body of an <c>adaptiveCard/action</c> invoke response.</summary>
public static class AdaptiveCardInvokeResponse
{
    /// <summary>Content type that replaces the card.</summary>
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    /// <summary>Content type that shows a message.</summary>
    public const string MessageType = "application/vnd.microsoft.activity.message";
    /// <summary>Content type of an error.</summary>
    public const string ErrorType = "application/vnd.microsoft.error";

    /// <summary>200 with a card that replaces the one clicked.</summary>
    public static InvokeResponse Card(JsonObject card) => Wrap(200, CardType, card);

    /// <summary>200 with a message the client shows.</summary>
    public static InvokeResponse Message(string text) => Wrap(200, MessageType, JsonValue.Create(text));

    /// <summary>An error the client shows.</summary>
    public static InvokeResponse Error(int statusCode, string code, string message) =>
        Wrap(statusCode, ErrorType, new JsonObject { ["code"] = code, ["message"] = message });

    private static InvokeResponse Wrap(int statusCode, string type, JsonNode? value) => new()
    {
        Status = 200,
        Body = new JsonObject { ["statusCode"] = statusCode, ["type"] = type, ["value"] = value },
    };
}

/// <summary>The <c>value</c> of an <c>adaptiveCard/action</c> invoke.</summary>
public sealed class AdaptiveCardInvokeValue
{
    /// <summary>The action clicked.</summary>
    public AdaptiveCardInvokeAction? Action { get; set; }
    /// <summary>manual or automatic (refresh).</summary>
    public string? Trigger { get; set; }
    /// <summary>Fields this type does not model.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The action of an Action.Execute.</summary>
public sealed class AdaptiveCardInvokeAction
{
    /// <summary>Action.Execute.</summary>
    public string? Type { get; set; }
    /// <summary>Action id.</summary>
    public string? Id { get; set; }
    /// <summary>Verb that routes the action.</summary>
    public string? Verb { get; set; }
    /// <summary>Action data merged with input values.</summary>
    public JsonObject? Data { get; set; }
    /// <summary>Fields this type does not model.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
