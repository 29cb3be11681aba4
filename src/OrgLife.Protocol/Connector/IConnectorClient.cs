using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Connector;

/// <summary>
/// The Bot Framework Connector REST API v3 (bot → Teams). Every call names the service URL of the
/// conversation because Teams is regional and one bot talks to several. This is the seam tests fake.
/// </summary>
public interface IConnectorClient
{
    /// <summary><c>POST /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse?> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v3/conversations/{id}/activities</c>.</summary>
    Task<ResourceResponse?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse?> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v3/conversations</c>: a proactive 1:1 or a new channel post.</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v3/conversations/{id}/pagedmembers</c>: one page of the roster.</summary>
    Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int? pageSize = null, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v3/conversations/{id}/members/{userId}</c>; null when the user is not a member (404).</summary>
    Task<TeamsChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default);
}
