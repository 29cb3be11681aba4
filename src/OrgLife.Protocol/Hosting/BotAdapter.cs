using System.Text.Json;
using Microsoft.AspNetCore.Http;
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

    /// <summary>Creates an adapter that authenticates nothing (unit tests that call <see cref="IBot"/> turns directly).</summary>
    public BotAdapter(IConnectorClient connector)
        : this(connector, null, null)
    {
    }

    /// <summary>Creates the adapter <c>AddBotProtocol</c> registers: every request goes through <paramref name="validator"/>.</summary>
    public BotAdapter(IConnectorClient connector, BotTokenValidator? validator, ILogger<BotAdapter>? logger)
        : this(connector, validator, logger, null)
    {
    }

    /// <summary>Creates the adapter <c>AddBotProtocol</c> registers; activities whose service URL is not trusted are refused (403).</summary>
    public BotAdapter(IConnectorClient connector, BotTokenValidator? validator, ILogger<BotAdapter>? logger, TrustedServiceUrls? trusted)
    {
        _trusted = trusted;
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

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync(http.Request.Body, ProtocolJsonContext.Default.Activity, cancellationToken);
        }
        catch (JsonException ex)
        {
            await BadRequestAsync(response, $"The body is not a JSON activity ({ex.Path ?? "$"}).", cancellationToken);
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

        var turn = new TurnContext(activity!, _connector);
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

        return string.IsNullOrEmpty(activity.Conversation?.Id) ? $"A '{activity.Type}' activity needs 'conversation.id'." : null;
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
