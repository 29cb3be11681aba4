using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgLife.Protocol.Schema;

/// <summary>Source-generated serializer metadata for every wire type: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // Strict: Teams sends plain JSON, so comments or trailing commas mean a broken or hostile sender.
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(List<TeamsChannelAccount>))]
[JsonSerializable(typeof(TeamsChannelAccount))]
[JsonSerializable(typeof(PagedMembersResult))]
[JsonSerializable(typeof(AdaptiveCardInvokeValue))]
[JsonSerializable(typeof(ConversationReference))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
