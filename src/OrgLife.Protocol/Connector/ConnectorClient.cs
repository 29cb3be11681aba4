using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Connector;

/// <summary>
/// The Connector REST API v3 over an <see cref="HttpClient"/> from <c>IHttpClientFactory</c> (the token
/// and retry handlers sit in its pipeline). Conversation and activity ids are URL-encoded path segments;
/// a success without a body yields a <see cref="ResourceResponse"/> whose id is null.
/// </summary>
public sealed class ConnectorClient : IConnectorClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private const string OperationIdHeader = "X-Correlating-OperationId";

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the client over a configured <see cref="HttpClient"/>; <paramref name="timeProvider"/> reads dated <c>Retry-After</c> headers.</summary>
    public ConnectorClient(HttpClient httpClient, ILogger<ConnectorClient>? logger = null, TimeProvider? timeProvider = null)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<ResourceResponse?> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var uri = BuildUri(serviceUrl, "v3/conversations/", conversationId, "/activities/", activityId);
        return await SendAsync(HttpMethod.Post, uri, Serialize(activity, ProtocolJsonContext.Default.Activity), ProtocolJsonContext.Default.ResourceResponse, cancellationToken)
            ?? new ResourceResponse();
    }

    /// <inheritdoc />
    public async Task<ResourceResponse?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var uri = BuildUri(serviceUrl, "v3/conversations/", conversationId, "/activities");
        return await SendAsync(HttpMethod.Post, uri, Serialize(activity, ProtocolJsonContext.Default.Activity), ProtocolJsonContext.Default.ResourceResponse, cancellationToken)
            ?? new ResourceResponse();
    }

    /// <inheritdoc />
    public async Task<ResourceResponse?> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Id ??= activityId;
        var uri = BuildUri(serviceUrl, "v3/conversations/", conversationId, "/activities/", activityId);
        return await SendAsync(HttpMethod.Put, uri, Serialize(activity, ProtocolJsonContext.Default.Activity), ProtocolJsonContext.Default.ResourceResponse, cancellationToken)
            ?? new ResourceResponse();
    }

    /// <inheritdoc />
    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default)
    {
        var uri = BuildUri(serviceUrl, "v3/conversations/", conversationId, "/activities/", activityId);
        await SendAsync(HttpMethod.Delete, uri, null, ProtocolJsonContext.Default.ResourceResponse, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var uri = BuildUri(serviceUrl, "v3/conversations");
        return await SendAsync(HttpMethod.Post, uri, Serialize(parameters, ProtocolJsonContext.Default.ConversationParameters), ProtocolJsonContext.Default.ConversationResourceResponse, cancellationToken)
            ?? new ConversationResourceResponse();
    }

    /// <inheritdoc />
    public async Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int? pageSize = null, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder();
        if (pageSize is { } size)
        {
            query.Append("?pageSize=").Append(size);
        }

        if (!string.IsNullOrEmpty(continuationToken))
        {
            query.Append(query.Length == 0 ? '?' : '&').Append("continuationToken=").Append(Uri.EscapeDataString(continuationToken));
        }

        var uri = BuildUri(serviceUrl, "v3/conversations/", conversationId, "/pagedmembers", query: query.ToString());
        return await SendAsync(HttpMethod.Get, uri, null, ProtocolJsonContext.Default.PagedMembersResult, cancellationToken)
            ?? new PagedMembersResult();
    }

    /// <inheritdoc />
    public async Task<TeamsChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default)
    {
        var uri = BuildUri(serviceUrl, "v3/conversations/", conversationId, "/members/", userId);
        try
        {
            return await SendAsync(HttpMethod.Get, uri, null, ProtocolJsonContext.Default.TeamsChannelAccount, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary><c>GET /v3/conversations/{id}/members</c>: the whole roster (deprecated and throttled by Teams; prefer paging).</summary>
    public async Task<IReadOnlyList<TeamsChannelAccount>> GetMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken = default)
    {
        var uri = BuildUri(serviceUrl, "v3/conversations/", conversationId, "/members");
        return await SendAsync(HttpMethod.Get, uri, null, ProtocolJsonContext.Default.ListTeamsChannelAccount, cancellationToken) ?? [];
    }

    /// <summary>
    /// Joins the service URL (with or without a trailing slash) and a path whose odd parts are ids,
    /// each escaped as one path segment (<c>:</c>, <c>;</c>, <c>@</c>, <c>=</c>, <c>/</c>…).
    /// </summary>
    internal static Uri BuildUri(string serviceUrl, string path, string? id1 = null, string? path2 = null, string? id2 = null, string query = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);
        var sb = new StringBuilder(serviceUrl.Length + 96);
        sb.Append(serviceUrl.AsSpan().TrimEnd('/')).Append('/').Append(path);
        if (id1 is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(id1);
            sb.Append(EscapeSegment(id1));
        }

        if (path2 is not null)
        {
            sb.Append(path2);
        }

        if (id2 is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(id2);
            sb.Append(EscapeSegment(id2));
        }

        sb.Append(query);
        // Every id is escaped, so the path needs no canonicalisation — which would drop "." and ".." segments.
        return new Uri(sb.ToString(), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }

    /// <summary>One path segment; an id of only dots is percent-encoded too (EscapeDataString leaves dots alone).</summary>
    private static string EscapeSegment(string id) =>
        id.AsSpan().TrimStart('.').IsEmpty ? string.Concat(Enumerable.Repeat("%2E", id.Length)) : Uri.EscapeDataString(id);

    private static ByteArrayContent Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, Uri uri, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw CreateException(method, uri, response, body);
        }

        if (body.Length == 0 || body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new ConnectorException($"Connector {method} {uri.AbsolutePath} answered {(int)response.StatusCode} with a body that is not {typeof(T).Name} JSON.", ex);
        }
    }

    private ConnectorException CreateException(HttpMethod method, Uri uri, HttpResponseMessage response, byte[] body)
    {
        ErrorDetail? error = null;
        if (body.Length > 0)
        {
            try
            {
                error = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ErrorResponse)?.Error;
            }
            catch (JsonException)
            {
                // Not an ErrorResponse (proxies answer HTML); the status is still reported.
            }
        }

        var operationId = response.Headers.TryGetValues(OperationIdHeader, out var values) ? values.FirstOrDefault() : null;
        var status = (int)response.StatusCode;
        Log.ConnectorCallFailed(_logger, method.Method, uri.AbsolutePath, status, error?.Code, operationId);
        var message = $"Connector {method} {uri.AbsolutePath} answered {status} {error?.Code ?? response.ReasonPhrase}"
            + (error?.Message is { } m ? $": {m}" : ".")
            + (operationId is null ? string.Empty : $" (operation {operationId})");
        return new ConnectorException(response.StatusCode, error?.Code, message, operationId) { RetryAfter = RetryHandler.RequestedDelay(response, _time) };
    }
}
