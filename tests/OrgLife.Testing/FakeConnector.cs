using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using OrgLife.Protocol.Schema;

namespace OrgLife.Testing;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, ephemeral port) speaking Bot Framework Connector v3 and the
/// client-credentials token endpoint. Use <see cref="ServiceUrl"/> as the activities' <c>serviceUrl</c>
/// and as <c>Bot:Authority</c>. Every call is recorded; failures and Teams' rate limits can be scripted.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeConnectorOptions _options;
    private readonly Lock _lock = new();
    private readonly List<ReceivedActivity> _activities = [];
    private readonly List<ReceivedRequest> _requests = [];
    private readonly List<TokenRequest> _tokenRequests = [];
    private readonly List<CreatedConversation> _conversations = [];
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<ReceivedActivity>> Signal)> _waiters = [];
    private readonly Queue<ScriptedFailure> _script = new();
    private readonly Queue<(HttpStatusCode Status, string Error)> _tokenScript = new();
    private readonly HashSet<string> _forbidden = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TeamsChannelAccount>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ContentType, byte[] Content)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _conversationCalls = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _appCalls = new();
    private readonly ConcurrentDictionary<string, int> _throttledPerConversation = new(StringComparer.Ordinal);
    private int _nextId;
    private int _nextToken;

    private FakeConnector(WebApplication app, FakeConnectorOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>Root URL of the fake, ending with '/': the serviceUrl and the token authority.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary><see cref="BaseUrl"/> as a string: put it in activities' <c>serviceUrl</c>.</summary>
    public string ServiceUrl => BaseUrl.AbsoluteUri;

    /// <summary>Activities received so far (replies, sends, updates, deletes, created conversations' first activity).</summary>
    public IReadOnlyList<ReceivedActivity> Activities
    {
        get
        {
            lock (_lock)
            {
                return [.. _activities];
            }
        }
    }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Token requests received, in order.</summary>
    public IReadOnlyList<TokenRequest> TokenRequests
    {
        get
        {
            lock (_lock)
            {
                return [.. _tokenRequests];
            }
        }
    }

    /// <summary>Conversations created, in order.</summary>
    public IReadOnlyList<CreatedConversation> CreatedConversations
    {
        get
        {
            lock (_lock)
            {
                return [.. _conversations];
            }
        }
    }

    /// <summary>Calls refused with 429 by the rate limits, by conversation id.</summary>
    public IReadOnlyDictionary<string, int> ThrottledCalls => _throttledPerConversation;

    /// <summary>Starts the fake on an ephemeral loopback port.</summary>
    public static async Task<FakeConnector> StartAsync(FakeConnectorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var app = LoopbackServer.Create();
        var fake = new FakeConnector(app, options ?? new FakeConnectorOptions());
        app.Run(fake.HandleAsync);
        fake.BaseUrl = await LoopbackServer.StartAsync(app, cancellationToken);
        return fake;
    }

    /// <summary>Completes when at least <paramref name="count"/> activities have arrived (default timeout 30 s: generous because CI runs every suite at once on two cores).</summary>
    /// <exception cref="TimeoutException">They did not arrive in time.</exception>
    public async Task<IReadOnlyList<ReceivedActivity>> WaitForActivitiesAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<IReadOnlyList<ReceivedActivity>> signal;
        lock (_lock)
        {
            if (_activities.Count >= count)
            {
                return [.. _activities];
            }

            signal = new TaskCompletionSource<IReadOnlyList<ReceivedActivity>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
        }

        try
        {
            return await signal.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected {count} activities at the fake connector, got {Activities.Count}.");
        }
    }

    /// <summary>The next <paramref name="count"/> Connector calls answer <paramref name="status"/> (with Retry-After when given).</summary>
    public void FailNext(int count, HttpStatusCode status, TimeSpan? retryAfter = null, string? errorCode = null)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _script.Enqueue(new ScriptedFailure(status, retryAfter, errorCode, EmptySuccess: false));
            }
        }
    }

    /// <summary>The next <paramref name="count"/> activity calls answer 202 with no body (the activity is still recorded).</summary>
    public void AcceptNextWithoutBody(int count = 1)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _script.Enqueue(new ScriptedFailure(HttpStatusCode.Accepted, null, null, EmptySuccess: true));
            }
        }
    }

    /// <summary>The next <paramref name="count"/> token requests answer <paramref name="status"/> with an OAuth error body.</summary>
    public void FailNextTokenRequests(int count, HttpStatusCode status = HttpStatusCode.Unauthorized, string error = "invalid_client")
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _tokenScript.Enqueue((status, error));
            }
        }
    }

    /// <summary>Calls into this conversation, about this user (member look-ups) or creating a chat with this user answer 403.</summary>
    public void Forbid(string conversationOrUserId)
    {
        lock (_lock)
        {
            _forbidden.Add(conversationOrUserId);
        }
    }

    /// <summary>Sets the roster of a conversation (members, member and pagedmembers calls).</summary>
    public void SetMembers(string conversationId, params TeamsChannelAccount[] members)
    {
        lock (_lock)
        {
            _members[conversationId] = [.. members];
        }
    }

    /// <summary>
    /// Serves <paramref name="content"/> at <c>files/{name}</c> without asking for a token, as the pre-authorised
    /// <c>downloadUrl</c> of a Teams file (<c>file.download.info</c>) does; returns its absolute URL.
    /// </summary>
    public Uri ServeFile(string name, string contentType, byte[] content)
    {
        lock (_lock)
        {
            _files["files/" + name] = (contentType, content);
        }

        return new Uri(BaseUrl, "files/" + Uri.EscapeDataString(name));
    }

    /// <summary>
    /// Serves an image pasted into a message as the Connector's attachments API does
    /// (<c>v3/attachments/{id}/views/original</c>), only to a request with a bearer token when <paramref name="requireToken"/>; returns its URL.
    /// </summary>
    public Uri ServeAttachment(string id, string contentType, byte[] content, bool requireToken = true)
    {
        lock (_lock)
        {
            _files["v3/attachments/" + id + "/views/original"] = (requireToken ? "token:" + contentType : contentType, content);
        }

        return new Uri(BaseUrl, "v3/attachments/" + Uri.EscapeDataString(id) + "/views/original");
    }

    /// <summary>Forgets everything received and every script (not the roster).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _activities.Clear();
            _requests.Clear();
            _tokenRequests.Clear();
            _conversations.Clear();
            _script.Clear();
            _tokenScript.Clear();
            _forbidden.Clear();
            _conversationCalls.Clear();
            _appCalls.Clear();
            _throttledPerConversation.Clear();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }

        var rawTarget = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var pathPart = rawTarget.Split('?', 2)[0];
        var segments = pathPart.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var authorization = request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null;

        var status = await DispatchAsync(http, segments, body, authorization);
        lock (_lock)
        {
            _requests.Add(new ReceivedRequest(request.Method, request.Path.Value ?? "/", rawTarget, authorization, request.ContentType, body, status));
        }
    }

    private async Task<int> DispatchAsync(HttpContext http, string[] segments, string body, string? authorization)
    {
        var method = http.Request.Method;
        if (segments is [var tenant, "oauth2", "v2.0", "token"] && HttpMethods.IsPost(method))
        {
            return await IssueTokenAsync(http, tenant, body);
        }

        if (HttpMethods.IsGet(method) && ServedFile(string.Join('/', segments)) is { } served)
        {
            if (served.ContentType.StartsWith("token:", StringComparison.Ordinal) && authorization?.StartsWith("Bearer ", StringComparison.Ordinal) != true)
            {
                return await ErrorAsync(http, HttpStatusCode.Unauthorized, "Unauthorized", "A bearer token is required.");
            }

            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = served.ContentType.StartsWith("token:", StringComparison.Ordinal) ? served.ContentType[6..] : served.ContentType;
            await http.Response.Body.WriteAsync(served.Content, http.RequestAborted);
            return StatusCodes.Status200OK;
        }

        if (segments is not ["v3", "conversations", ..])
        {
            return await ErrorAsync(http, HttpStatusCode.NotFound, "NotFound", "Unknown path.");
        }

        var conversationId = segments.Length > 2 ? segments[2] : null;
        var resource = segments.Length > 3 ? segments[3] : null;
        var itemId = segments.Length > 4 ? segments[4] : null;
        var isActivityCall = resource == "activities" || (segments.Length == 2 && HttpMethods.IsPost(method));

        if (IsForbidden(conversationId, resource == "members" ? itemId : null, segments.Length == 2 ? body : null))
        {
            return await ErrorAsync(http, HttpStatusCode.Forbidden, "BotNotInConversationRoster", "The bot is not part of the conversation roster.");
        }

        ScriptedFailure? scripted = null;
        lock (_lock)
        {
            if (_script.TryDequeue(out var next) && !(next.EmptySuccess && !isActivityCall))
            {
                scripted = next;
            }
        }

        if (scripted is { EmptySuccess: false } failure)
        {
            if (failure.RetryAfter is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return await ErrorAsync(http, failure.Status, failure.ErrorCode ?? failure.Status.ToString(), "Scripted failure.");
        }

        if (isActivityCall && !TryConsumeRate(conversationId ?? "(create)"))
        {
            if (_options.RateLimitRetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return await ErrorAsync(http, HttpStatusCode.TooManyRequests, "Throttled", "Rate limit exceeded.");
        }

        var emptySuccess = scripted is { EmptySuccess: true };
        return (segments.Length, resource, method) switch
        {
            (2, null, _) when HttpMethods.IsPost(method) => await CreateConversationAsync(http, body, emptySuccess),
            (4, "activities", _) when HttpMethods.IsPost(method) => await RecordActivityAsync(http, ConnectorOperation.Send, conversationId!, null, body, authorization, emptySuccess, HttpStatusCode.Created),
            (5, "activities", _) when HttpMethods.IsPost(method) => await RecordActivityAsync(http, ConnectorOperation.Reply, conversationId!, itemId, body, authorization, emptySuccess, HttpStatusCode.Created),
            (5, "activities", _) when HttpMethods.IsPut(method) => await RecordActivityAsync(http, ConnectorOperation.Update, conversationId!, itemId, body, authorization, emptySuccess, HttpStatusCode.OK),
            (5, "activities", _) when HttpMethods.IsDelete(method) => await RecordActivityAsync(http, ConnectorOperation.Delete, conversationId!, itemId, body, authorization, emptySuccess: true, HttpStatusCode.OK),
            (4, "members", _) when HttpMethods.IsGet(method) => await WriteJsonAsync(http, HttpStatusCode.OK, RosterOf(conversationId!), ProtocolJsonContext.Default.ListTeamsChannelAccount),
            (5, "members", _) when HttpMethods.IsGet(method) => RosterOf(conversationId!).FirstOrDefault(m => m.Id == itemId) is { } member
                ? await WriteJsonAsync(http, HttpStatusCode.OK, member, ProtocolJsonContext.Default.TeamsChannelAccount)
                : await ErrorAsync(http, HttpStatusCode.NotFound, "MemberNotFoundInConversation", "The user is not a member."),
            (4, "pagedmembers", _) when HttpMethods.IsGet(method) => await PagedMembersAsync(http, conversationId!),
            _ => await ErrorAsync(http, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "Not supported by the fake."),
        };
    }

    private (string ContentType, byte[] Content)? ServedFile(string path)
    {
        lock (_lock)
        {
            return _files.TryGetValue(path, out var file) ? file : null;
        }
    }

    private async Task<int> RecordActivityAsync(HttpContext http, ConnectorOperation operation, string conversationId, string? activityId, string body, string? authorization, bool emptySuccess, HttpStatusCode status)
    {
        Activity activity;
        if (operation == ConnectorOperation.Delete)
        {
            activity = new Activity();
        }
        else
        {
            try
            {
                activity = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.Activity) ?? throw new JsonException("null");
            }
            catch (JsonException)
            {
                return await ErrorAsync(http, HttpStatusCode.BadRequest, "BadSyntax", "The body is not an activity.");
            }
        }

        var id = emptySuccess ? null : operation == ConnectorOperation.Update ? activityId : NextId();
        Record(new ReceivedActivity(operation, conversationId, activityId, activity, id, authorization, _options.TimeProvider.GetUtcNow()));
        if (operation == ConnectorOperation.Delete)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            return 200;
        }

        if (emptySuccess)
        {
            http.Response.StatusCode = StatusCodes.Status202Accepted;
            return 202;
        }

        return await WriteJsonAsync(http, status, new ResourceResponse { Id = id }, ProtocolJsonContext.Default.ResourceResponse);
    }

    private async Task<int> CreateConversationAsync(HttpContext http, string body, bool emptySuccess)
    {
        ConversationParameters? parameters;
        try
        {
            parameters = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ConversationParameters);
        }
        catch (JsonException)
        {
            parameters = null;
        }

        if (parameters is null || (!parameters.IsGroup && parameters.Members is not [{ Id: { Length: > 0 } }]))
        {
            return await ErrorAsync(http, HttpStatusCode.BadRequest, "BadArgument", "A 1:1 needs exactly one member.");
        }

        var id = parameters.IsGroup
            ? $"19:fake-channel-post@thread.tacv2;messageid={NextId()}"
            : $"a:fake-personal-{parameters.Members![0].Id}";
        string? activityId = null;
        if (parameters.Activity is { } first)
        {
            activityId = emptySuccess ? null : NextId();
            Record(new ReceivedActivity(ConnectorOperation.CreateConversation, id, null, first, activityId, http.Request.Headers.Authorization.ToString(), _options.TimeProvider.GetUtcNow()));
        }

        lock (_lock)
        {
            _conversations.Add(new CreatedConversation(id, parameters));
        }

        return await WriteJsonAsync(http, HttpStatusCode.Created, new ConversationResourceResponse { Id = id, ActivityId = activityId }, ProtocolJsonContext.Default.ConversationResourceResponse);
    }

    private async Task<int> PagedMembersAsync(HttpContext http, string conversationId)
    {
        var query = http.Request.Query;
        var pageSize = int.TryParse(query["pageSize"], CultureInfo.InvariantCulture, out var size) && size > 0 ? size : 100;
        var start = int.TryParse(query["continuationToken"], CultureInfo.InvariantCulture, out var token) ? token : 0;
        var roster = RosterOf(conversationId);
        var page = roster.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count;
        var result = new PagedMembersResult { Members = page, ContinuationToken = next < roster.Count ? next.ToString(CultureInfo.InvariantCulture) : null };
        return await WriteJsonAsync(http, HttpStatusCode.OK, result, ProtocolJsonContext.Default.PagedMembersResult);
    }

    private async Task<int> IssueTokenAsync(HttpContext http, string tenant, string body)
    {
        // The body was already read for the request log; parse the form from it.
        var fields = QueryHelpers.ParseQuery(body).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        int number;
        (HttpStatusCode Status, string Error)? failure = null;
        lock (_lock)
        {
            _tokenRequests.Add(new TokenRequest(tenant, fields));
            if (_tokenScript.TryDequeue(out var scripted))
            {
                failure = scripted;
            }

            number = failure is null ? ++_nextToken : _nextToken;
        }

        if (failure is { } f)
        {
            http.Response.StatusCode = (int)f.Status;
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = f.Error, ["error_description"] = "AADSTS7000215: Scripted failure." }, http.RequestAborted);
            return (int)f.Status;
        }

        if (fields.GetValueOrDefault("grant_type") != "client_credentials" || string.IsNullOrEmpty(fields.GetValueOrDefault("client_id")))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "invalid_request" }, http.RequestAborted);
            return 400;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        var expiresIn = (int)_options.TokenLifetime.TotalSeconds;
        await http.Response.WriteAsync(
            $$"""{"token_type":"Bearer","expires_in":{{expiresIn}},"ext_expires_in":{{expiresIn}},"access_token":"fake-token-{{number}}"}""",
            http.RequestAborted);
        return 200;
    }

    private bool IsForbidden(string? conversationId, string? userId, string? createBody)
    {
        lock (_lock)
        {
            if (_forbidden.Count == 0)
            {
                return false;
            }

            if ((conversationId is not null && _forbidden.Contains(conversationId)) || (userId is not null && _forbidden.Contains(userId)))
            {
                return true;
            }
        }

        if (createBody is null)
        {
            return false;
        }

        try
        {
            var parameters = JsonSerializer.Deserialize(createBody, ProtocolJsonContext.Default.ConversationParameters);
            lock (_lock)
            {
                return parameters?.Members?.Any(m => m.Id is not null && _forbidden.Contains(m.Id)) == true;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool TryConsumeRate(string conversationId)
    {
        if (_options.ConversationRateLimits.Count == 0 && _options.AppRateLimits.Count == 0)
        {
            return true;
        }

        var now = _options.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_conversationCalls.TryGetValue(conversationId, out var calls))
            {
                calls = new Queue<DateTimeOffset>();
                _conversationCalls[conversationId] = calls;
            }

            if (Exceeds(calls, _options.ConversationRateLimits, now) || Exceeds(_appCalls, _options.AppRateLimits, now))
            {
                _throttledPerConversation.AddOrUpdate(conversationId, 1, (_, n) => n + 1);
                return false;
            }

            calls.Enqueue(now);
            _appCalls.Enqueue(now);
            return true;
        }
    }

    private static bool Exceeds(Queue<DateTimeOffset> calls, IReadOnlyList<RateLimit> limits, DateTimeOffset now)
    {
        if (limits.Count == 0)
        {
            return false;
        }

        var longest = limits.Max(l => l.Window);
        while (calls.TryPeek(out var oldest) && now - oldest >= longest)
        {
            calls.Dequeue();
        }

        foreach (var limit in limits)
        {
            if (calls.Count(t => now - t < limit.Window) >= limit.Count)
            {
                return true;
            }
        }

        return false;
    }

    private List<TeamsChannelAccount> RosterOf(string conversationId)
    {
        lock (_lock)
        {
            return _members.TryGetValue(conversationId, out var members) ? [.. members] : [];
        }
    }

    private void Record(ReceivedActivity received)
    {
        List<TaskCompletionSource<IReadOnlyList<ReceivedActivity>>> release = [];
        IReadOnlyList<ReceivedActivity> snapshot;
        lock (_lock)
        {
            _activities.Add(received);
            snapshot = [.. _activities];
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_activities.Count >= _waiters[i].Count)
                {
                    release.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in release)
        {
            signal.TrySetResult(snapshot);
        }
    }

    private string NextId() => "fake-activity-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    private static async Task<int> ErrorAsync(HttpContext http, HttpStatusCode status, string code, string message)
    {
        http.Response.Headers["X-Correlating-OperationId"] = Guid.NewGuid().ToString("N");
        return await WriteJsonAsync(http, status, new ErrorResponse { Error = new ErrorDetail { Code = code, Message = message } }, ProtocolJsonContext.Default.ErrorResponse);
    }

    private static async Task<int> WriteJsonAsync<T>(HttpContext http, HttpStatusCode status, T value, JsonTypeInfo<T> typeInfo)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, value, typeInfo, http.RequestAborted);
        return (int)status;
    }
}
