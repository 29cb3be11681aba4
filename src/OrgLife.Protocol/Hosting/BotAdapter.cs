using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrgLife.Protocol.Authentication;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Hosting;

/// <summary>
/// Runs turns: authenticates and parses inbound HTTP activities, calls the bot, writes the HTTP answer;
/// and starts proactive turns into stored conversations (Bot Builder's CloudAdapter).
/// </summary>
public sealed class BotAdapter
{
    private static readonly string[] TypesNeedingConversation =
    [
        ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate, ActivityTypes.Invoke,
        ActivityTypes.MessageReaction, ActivityTypes.MessageUpdate, ActivityTypes.MessageDelete,
    ];

    private readonly IConnectorClient _connector;
    private readonly BotTokenValidator? _validator;
    private readonly ILogger _logger;
    private readonly TrustedServiceUrls? _trusted;
    private readonly BotEndpointOptions _limits;

    /// <summary>Creates an adapter that authenticates nothing (unit tests that call <see cref="IBot"/> turns directly).</summary>
    public BotAdapter(IConnectorClient connector)
        : this(connector, null, null)
    {
    }

    /// <summary>Creates the adapter <c>AddBotProtocol</c> registers: every request goes through <paramref name="validator"/>.</summary>
    public BotAdapter(IConnectorClient connector, BotTokenValidator? validator, ILogger<BotAdapter>? logger)
        : this(connector, validator, logger, null, null)
    {
    }

    /// <summary>Creates the adapter <c>AddBotProtocol</c> registers; activities whose service URL is not trusted are refused (403).</summary>
    public BotAdapter(IConnectorClient connector, BotTokenValidator? validator, ILogger<BotAdapter>? logger, TrustedServiceUrls? trusted, BotEndpointOptions? limits)
    {
        _trusted = trusted;
        _limits = limits ?? new BotEndpointOptions();
        _connector = connector ?? throw new ArgumentNullException(nameof(connector));
        _validator = validator;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Handles one POST to the messaging endpoint: 401 when authentication fails (nothing is read or run),
    /// 400 with an <see cref="ErrorResponse"/> body for a malformed activity, the <see cref="InvokeResponse"/>
    /// for invokes (501 when the bot set none), 200 with no body otherwise, 500 when the bot throws.
    /// </summary>
    public async Task ProcessAsync(HttpContext http, IBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(bot);
        var response = http.Response;

        var token = TokenCheck.Anonymous;
        if (_validator is not null)
        {
            string? authorization = http.Request.Headers.Authorization;
            if (authorization is not null || _validator.IsEnabled)
            {
                token = await _validator.ValidateTokenAsync(authorization, cancellationToken);
                if (!token.Succeeded)
                {
                    await RefuseAsync(response, token.Result.FailureReason, cancellationToken);
                    return;
                }
            }
        }

        if (!IsJson(http.Request.ContentType))
        {
            await WriteErrorAsync(response, StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", "The body must be 'application/json' (UTF-8).", cancellationToken);
            return;
        }

        var body = await ReadBodyAsync(http, cancellationToken);
        if (body is null)
        {
            await WriteErrorAsync(response, StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"The activity is larger than {_limits.MaxRequestBytes} bytes.", cancellationToken);
            return;
        }

        var (activity, unreadable) = ActivityReader.Read(body.Value);
        if (unreadable is not null)
        {
            await BadRequestAsync(response, unreadable, cancellationToken);
            return;
        }

        if (Validate(activity) is { } problem)
        {
            await BadRequestAsync(response, problem, cancellationToken);
            return;
        }

        if (token.Result.Identity is not null && BotTokenValidator.CheckActivity(token, activity!) is { Succeeded: false } refused)
        {
            await RefuseAsync(response, refused.FailureReason, cancellationToken);
            return;
        }

        if (_trusted is not null && activity!.ServiceUrl is { } serviceUrl && !_trusted.IsTrusted(serviceUrl))
        {
            // Refused before the bot runs: nothing may be sent (with or without a token) to that host.
            Log.UntrustedServiceUrl(_logger, Uri.TryCreate(serviceUrl, UriKind.Absolute, out var u) ? u.IdnHost : "(invalid)");
            await WriteErrorAsync(response, StatusCodes.Status403Forbidden, "UntrustedServiceUrl", "The activity's 'serviceUrl' is not a trusted Bot Framework service host.", cancellationToken);
            return;
        }

        var turn = new TurnContext(activity!, _connector) { ReplyDeadline = Environment.TickCount64 + (long)_limits.ReplyBudget.TotalMilliseconds };
        try
        {
            await bot.OnTurnAsync(turn, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
            return;
        }
#pragma warning disable CA1031 // The endpoint must answer 500 whatever the bot throws; the host handles its own errors first.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.BotFailed(_logger, ex, activity!.Type, activity.Id);
            if (!response.HasStarted)
            {
                response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            return;
        }

        if (activity!.Type == ActivityTypes.Invoke)
        {
            var invoke = turn.InvokeResponse ?? InvokeResponse.NotImplemented;
            response.StatusCode = invoke.Status;
            if (invoke.Body is not null)
            {
                response.ContentType = "application/json; charset=utf-8";
                using (var writer = new Utf8JsonWriter(response.BodyWriter))
                {
                    invoke.Body.WriteTo(writer);
                }

                await response.BodyWriter.FlushAsync(cancellationToken);
            }
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        Log.TurnCompleted(_logger, activity.Type, activity.Id, response.StatusCode);
    }

    /// <summary>Why an activity cannot be processed, or null when it can.</summary>
    internal static string? Validate(Activity? activity)
    {
        if (activity is null)
        {
            return "The body is not a JSON activity (null).";
        }

        if (string.IsNullOrEmpty(activity.Type))
        {
            return "The activity has no 'type'.";
        }

        if (Array.IndexOf(TypesNeedingConversation, activity.Type) < 0)
        {
            return null;
        }

        if (string.IsNullOrEmpty(activity.ServiceUrl))
        {
            return $"A '{activity.Type}' activity needs 'serviceUrl'.";
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return "The activity's 'serviceUrl' is not an absolute http(s) URL.";
        }

        // Connector paths are appended to the service URL: a query, fragment or credentials would swallow them.
        if (serviceUrl.Query.Length > 0 || serviceUrl.Fragment.Length > 0 || serviceUrl.UserInfo.Length > 0 || activity.ServiceUrl.Contains('#', StringComparison.Ordinal))
        {
            return "The activity's 'serviceUrl' must not carry a query, fragment or user name.";
        }

        if (string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return $"A '{activity.Type}' activity needs 'conversation.id'.";
        }

        if (activity.Conversation.Id.Length > MaxIdLength || activity.Id?.Length > MaxIdLength || activity.ReplyToId?.Length > MaxIdLength)
        {
            return $"The activity's ids must be at most {MaxIdLength} characters.";
        }

        // An invoke is answered in its HTTP response on behalf of a user: without one there is nobody to act for.
        return activity.Type == ActivityTypes.Invoke && string.IsNullOrEmpty(activity.From?.Id) ? "An 'invoke' activity needs 'from.id'." : null;
    }

    /// <summary>Teams' ids are a few hundred characters; the Connector URL built from them must stay a valid URL.</summary>
    internal const int MaxIdLength = 2048;

    private static bool IsJson(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        return isJson && (media.Charset.Value is not { } charset || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The whole body, or null when it is larger than the limit (read no further than that).</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = _limits.MaxRequestBytes;
        if (http.Request.ContentLength > limit)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Kestrel then stops reading (and the connection) at the limit too.
            size.MaxRequestBodySize = limit + 1;
        }

        var buffer = new byte[Math.Min(limit + 1, http.Request.ContentLength is { } length and > 0 ? length : 16 * 1024)];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length > limit)
                    {
                        return null;
                    }

                    Array.Resize(ref buffer, (int)Math.Min(limit + 1, (long)buffer.Length * 2));
                }

                var read = await http.Request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return buffer.AsMemory(0, filled);
                }

                filled += read;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private Task RefuseAsync(HttpResponse response, string? reason, CancellationToken cancellationToken)
    {
        Log.RequestRefused(_logger, reason ?? "unknown");
        response.Headers.WWWAuthenticate = "Bearer";
        return WriteErrorAsync(response, StatusCodes.Status401Unauthorized, "Unauthorized", "The request is not authenticated.", cancellationToken);
    }

    private Task BadRequestAsync(HttpResponse response, string message, CancellationToken cancellationToken)
    {
        Log.MalformedActivity(_logger, message);
        return WriteErrorAsync(response, StatusCodes.Status400BadRequest, "BadRequest", message, cancellationToken);
    }

    private static Task WriteErrorAsync(HttpResponse response, int status, string code, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var body = new ErrorResponse { Error = new ErrorDetail { Code = code, Message = message } };
        return JsonSerializer.SerializeAsync(response.Body, body, ProtocolJsonContext.Default.ErrorResponse, cancellationToken);
    }

    /// <summary>Runs <paramref name="callback"/> as a turn in a stored conversation.</summary>
    public Task ContinueConversationAsync(ConversationReference reference, Func<TurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        var activity = reference.CreateMessage();
        activity.Type = ActivityTypes.Event;
        activity.Name = "ContinueConversation";
        activity.Recipient = reference.Bot;
        activity.From = reference.User;
        return callback(new TurnContext(activity, _connector, isProactive: true), cancellationToken);
    }

    /// <summary>Opens (or finds) the 1:1 chat between the bot and a user; 403 when the app is not installed for them.</summary>
    public async Task<ConversationReference> CreatePersonalConversationAsync(string serviceUrl, string tenantId, ChannelAccount bot, ChannelAccount user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(user);
        var created = await _connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = bot.Id, Name = bot.Name },
            Members = [new ChannelAccount { Id = user.Id }],
            TenantId = tenantId,
            ChannelData = new System.Text.Json.Nodes.JsonObject { ["tenant"] = new System.Text.Json.Nodes.JsonObject { ["id"] = tenantId } },
        }, cancellationToken);
        return new ConversationReference
        {
            ServiceUrl = created.ServiceUrl ?? serviceUrl,
            Conversation = new ConversationAccount { Id = created.Id, ConversationType = ConversationTypes.Personal, TenantId = tenantId },
            Bot = bot,
            User = user,
            TenantId = tenantId,
        };
    }
}
