using System.Net;
using OrgLife.Protocol.Schema;

namespace OrgLife.Testing;

/// <summary>Kinds of activity call the fake records.</summary>
public enum ConnectorOperation
{
    /// <summary><c>POST /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Reply,

    /// <summary><c>POST /v3/conversations/{id}/activities</c>.</summary>
    Send,

    /// <summary><c>PUT /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Update,

    /// <summary><c>DELETE /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Delete,

    /// <summary>The initial activity of <c>POST /v3/conversations</c>.</summary>
    CreateConversation,
}

/// <summary>An activity the bot sent (or a delete it asked for).</summary>
/// <param name="Operation">What the call was.</param>
/// <param name="ConversationId">Conversation id, decoded from the path.</param>
/// <param name="ActivityId">Activity id from the path (reply-to, update, delete), else null.</param>
/// <param name="Activity">The body; for deletes an empty activity.</param>
/// <param name="AssignedId">Id the fake answered with (null when it answered without a body).</param>
/// <param name="Authorization">The Authorization header, null when none.</param>
/// <param name="ReceivedAt">When it arrived, on the fake's clock.</param>
public sealed record ReceivedActivity(
    ConnectorOperation Operation,
    string ConversationId,
    string? ActivityId,
    Activity Activity,
    string? AssignedId,
    string? Authorization,
    DateTimeOffset ReceivedAt);

/// <summary>Any HTTP request the fake received (Connector and token endpoint).</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Decoded path.</param>
/// <param name="RawTarget">Path and query exactly as sent (to check URL encoding).</param>
/// <param name="Authorization">The Authorization header, null when none.</param>
/// <param name="ContentType">Content-Type header.</param>
/// <param name="Body">Body as text.</param>
/// <param name="Status">Status the fake answered.</param>
public sealed record ReceivedRequest(string Method, string Path, string RawTarget, string? Authorization, string? ContentType, string Body, int Status);

/// <summary>A client-credentials request to the fake token endpoint.</summary>
/// <param name="Tenant">The tenant path segment (<c>botframework.com</c> or a tenant id).</param>
/// <param name="Form">The form fields.</param>
public sealed record TokenRequest(string Tenant, IReadOnlyDictionary<string, string> Form);

/// <summary>A conversation the bot created.</summary>
/// <param name="Id">The id the fake assigned.</param>
/// <param name="Parameters">What the bot posted.</param>
public sealed record CreatedConversation(string Id, ConversationParameters Parameters);

/// <summary>A sliding-window limit: at most <paramref name="Count"/> calls per <paramref name="Window"/>.</summary>
/// <param name="Count">Calls allowed in the window.</param>
/// <param name="Window">Window length.</param>
public sealed record RateLimit(int Count, TimeSpan Window);

/// <summary>How the fake behaves.</summary>
public sealed class FakeConnectorOptions
{
    /// <summary>Clock for rate limits and timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Limits per conversation on sends/replies/updates/deletes (empty: unlimited).</summary>
    public IReadOnlyList<RateLimit> ConversationRateLimits { get; init; } = [];

    /// <summary>Limits across all conversations (Teams: 30/s per app per tenant); empty: unlimited.</summary>
    public IReadOnlyList<RateLimit> AppRateLimits { get; init; } = [];

    /// <summary>Retry-After sent with rate-limit 429s (null: none, as Teams does not promise one).</summary>
    public TimeSpan? RateLimitRetryAfter { get; init; }

    /// <summary><c>expires_in</c> of issued tokens.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Teams' documented per-conversation send limits: 7 per second and 60 per 30 seconds.</summary>
    public static IReadOnlyList<RateLimit> TeamsConversationLimits { get; } =
        [new RateLimit(7, TimeSpan.FromSeconds(1)), new RateLimit(60, TimeSpan.FromSeconds(30))];

    /// <summary>Teams' documented global limit: 30 per second per app per tenant.</summary>
    public static IReadOnlyList<RateLimit> TeamsAppLimits { get; } = [new RateLimit(30, TimeSpan.FromSeconds(1))];
}

/// <summary>A scripted answer for upcoming Connector calls.</summary>
internal sealed record ScriptedFailure(HttpStatusCode Status, TimeSpan? RetryAfter, string? ErrorCode, bool EmptySuccess);
