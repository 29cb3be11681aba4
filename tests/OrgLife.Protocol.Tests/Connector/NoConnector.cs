using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Tests.Connector;

/// <summary>A connector for turns that must not call out.</summary>
internal sealed class NoConnector : IConnectorClient
{
    public Task<ResourceResponse?> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ResourceResponse?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ResourceResponse?> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int? pageSize = null, string? continuationToken = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<TeamsChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
