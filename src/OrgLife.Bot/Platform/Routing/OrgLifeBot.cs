using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Welcome;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Platform.Routing;

/// <summary>
/// The bot: stores who and where for every activity, picks the language, then routes by activity type,
/// command phrase and card verb through the <see cref="RouteTable"/>. Anything unrouted gets a short hint,
/// never silence; a failure gets an apology in the user's language, and a retried delivery of a message
/// already handled is ignored.
/// </summary>
internal sealed partial class OrgLifeBot(
    IServiceProvider services,
    IOptions<RouteTable> routes,
    OrgDirectory directory,
    RoleService roles,
    WelcomeCards welcome,
    RecentDeliveries recent,
    IStringLocalizer<BotStrings> text,
    IOptions<BotOptions> options,
    ILogger<OrgLifeBot> logger) : ActivityHandler
{
    private BotTurn? _turn;

    private BotTurn Turn => _turn ?? throw new InvalidOperationException("No turn in progress.");

    public override async Task OnTurnAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.From?.Id is null || activity.Conversation?.Id is null || activity.ServiceUrl is null)
        {
            // Nothing to answer to; the protocol layer already rejected what it must.
            return;
        }

        if (activity.Type == ActivityTypes.Message && !recent.FirstDelivery(activity))
        {
            return;
        }

        var culture = BotCulture.FromLocale(activity.Locale);
        using var _ = BotCulture.Use(culture);
        try
        {
            var (user, scope) = await directory.ResolveAsync(activity, cancellationToken);
            var zone = TimeZones.FindOr(user.TimeZone, options.Value.DefaultTimeZone);
            _turn = new BotTurn(turnContext, user, scope, culture, zone);
            await base.OnTurnAsync(turnContext, cancellationToken);
        }
        catch (Exception e) when (e is DbException or DbUpdateException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            LogStoreBusy(logger, e, activity.Type);
            recent.Forget(activity);
            await ApologiseAsync(turnContext, text["StoreBusy"], cancellationToken);
        }
        catch (ConnectorException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Sending to Teams failed (after the host's own bound): an apology through the same connector would
            // fail the same way and only keep Teams waiting longer. Logged, never re-sent.
            LogReplyFailed(logger, e, activity.Type, (int)e.StatusCode);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or an outage must not turn into a Teams retry storm or silence: log, apologise, answer 200.
            LogTurnFailed(logger, e, activity.Type);
            await ApologiseAsync(turnContext, text["TurnFailed"], cancellationToken);
        }
    }

    protected override async Task OnMessageActivityAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        var turn = Turn;
        var table = routes.Value;
        var attachments = turnContext.Activity.Attachments ?? [];
        var files = attachments.Where(a => a.ContentType == Attachment.FileDownloadInfoContentType).ToList();
        var withImages = attachments.Where(a => a.ContentType == Attachment.FileDownloadInfoContentType || IsInlineImage(a)).ToList();
        IReadOnlyList<FileRoute> fileRoutes = withImages.Count == 0 ? [] : table.Files;
        foreach (var route in fileRoutes)
        {
            var offered = route.InlineImages ? withImages : files;
            if (offered.Count > 0 && await route.Handler(services, turn, offered, cancellationToken))
            {
                return;
            }
        }

        if (turn.Text.Length == 0)
        {
            await turn.SendTextAsync(text["EmptyMessage"], cancellationToken);
            return;
        }

        if (table.TryMatch(turn.Text, out var command, out var arguments))
        {
            await command(services, turn, arguments, cancellationToken);
            return;
        }

        if (table.TextFallback is { } fallback && await fallback(services, turn, cancellationToken))
        {
            return;
        }

        // Nothing took it (no command, and no word of it the rules know): a short greeting with the help buttons.
        await turn.SendCardAsync(welcome.Greeting(null), cancellationToken, text["GreetingNotUnderstood"]);
    }

    protected override async Task OnCardActionAsync(TurnContext turnContext, CardAction action, CancellationToken cancellationToken)
    {
        var turn = Turn;
        CardResult result;
        if (!routes.Value.CardActions.TryGetValue(action.Verb, out var handler))
        {
            result = CardResult.Text(text["UnknownAction"]);
        }
        else
        {
            result = await handler(services, turn, action, cancellationToken);
        }

        if (action.IsExecute)
        {
            turnContext.InvokeResponse = result switch
            {
                { Card: { } card } => AdaptiveCardInvokeResponse.Card(card),
                { Message: { } message } => AdaptiveCardInvokeResponse.Message(message),
                _ => AdaptiveCardInvokeResponse.Message(text["Done"]),
            };
            return;
        }

        // Action.Submit: the card can only be replaced by updating its message.
        if (result.Card is { } replacement && action.CardActivityId is { Length: > 0 } cardId)
        {
            await turn.UpdateCardAsync(cardId, replacement, cancellationToken);
        }
        else if (result.Card is { } newCard)
        {
            await turn.SendCardAsync(newCard, cancellationToken);
        }

        if (result.Message is { } note)
        {
            await turn.SendTextAsync(note, cancellationToken);
        }
    }

    protected override Task OnInstallationUpdateAddAsync(TurnContext turnContext, CancellationToken cancellationToken) =>
        InstalledAsync(cancellationToken);

    protected override Task OnInstallationUpdateRemoveAsync(TurnContext turnContext, CancellationToken cancellationToken) =>
        directory.MarkRemovedAsync(turnContext.Activity, cancellationToken);

    protected override async Task OnMembersAddedAsync(IReadOnlyList<ChannelAccount> membersAdded, TurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        foreach (var member in membersAdded.Where(m => m.Id is not null && m.Id != activity.Recipient?.Id))
        {
            await directory.EnsureUserAsync(member, activity.TenantId, null, null, cancellationToken);
        }

        if (membersAdded.Any(m => m.Id == activity.Recipient?.Id))
        {
            await InstalledAsync(cancellationToken);
        }
    }

    protected override async Task OnMembersRemovedAsync(IReadOnlyList<ChannelAccount> membersRemoved, TurnContext turnContext, CancellationToken cancellationToken)
    {
        if (membersRemoved.Any(m => m.Id == turnContext.Activity.Recipient?.Id))
        {
            await directory.MarkRemovedAsync(turnContext.Activity, cancellationToken);
        }
    }

    // Teams (and the playground) announce one install with both installationUpdate and conversationUpdate,
    // and re-announce on reload; the installer becomes admin once and the welcome card is posted once.
    private async Task InstalledAsync(CancellationToken cancellationToken)
    {
        var turn = Turn;
        await roles.GrantAsync(turn.Scope.Id, turn.User.Id, Role.Admin, null, cancellationToken);
        if (!recent.FirstWelcome(turn.Scope.ExternalId))
        {
            return;
        }

        await turn.SendCardAsync(welcome.Welcome(turn), cancellationToken, text["WelcomeSummary"]);
        foreach (var observer in routes.Value.InstallObservers)
        {
            await observer(services, turn, cancellationToken);
        }
    }

    private async Task ApologiseAsync(TurnContext turnContext, string message, CancellationToken cancellationToken)
    {
        try
        {
            await TryApologiseAsync(turnContext, message, cancellationToken);
        }
        catch (ConnectorException e)
        {
            LogReplyFailed(logger, e, turnContext.Activity.Type, (int)e.StatusCode);
        }
    }

    private static async Task TryApologiseAsync(TurnContext turnContext, string message, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Type == ActivityTypes.Invoke)
        {
            turnContext.InvokeResponse = AdaptiveCardInvokeResponse.Message(message);
            return;
        }

        if (turnContext.Activity.Type == ActivityTypes.Message)
        {
            await turnContext.SendActivityAsync(message, cancellationToken);
        }
    }

    /// <summary>An image pasted into the message: Teams sends it as <c>image/*</c> with a <c>contentUrl</c>.</summary>
    private static bool IsInlineImage(Attachment attachment) =>
        attachment.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true && attachment.ContentUrl is { Length: > 0 };

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "The store was busy or failed during a {ActivityType} turn; the user was asked to retry")]
    private static partial void LogStoreBusy(ILogger logger, Exception exception, string? activityType);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "A reply to a {ActivityType} turn could not be sent ({StatusCode}); it is not sent again")]
    private static partial void LogReplyFailed(ILogger logger, Exception exception, string? activityType, int statusCode);

    [LoggerMessage(EventId = 601, Level = LogLevel.Error, Message = "A {ActivityType} turn failed")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string? activityType);
}

/// <summary>
/// Remembers recently handled message deliveries (Teams retries a delivery it thinks timed out) and recent
/// welcome cards, per instance, for a few minutes.
/// </summary>
internal sealed class RecentDeliveries(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _sweeps;

    public bool FirstDelivery(Activity activity) =>
        activity.Id is not { Length: > 0 } id || FirstWithin(string.Concat("m|", activity.Conversation?.Id, "|", id), Window);

    public void Forget(Activity activity) => _seen.TryRemove(string.Concat("m|", activity.Conversation?.Id, "|", activity.Id), out _);

    public bool FirstWelcome(string scopeKey) => FirstWithin("w|" + scopeKey, TimeSpan.FromMinutes(5));

    private bool FirstWithin(string key, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _sweeps) % 4096 == 0)
        {
            foreach (var (k, at) in _seen)
            {
                if (now - at > Window)
                {
                    _seen.TryRemove(k, out _);
                }
            }
        }

        var added = false;
        _seen.AddOrUpdate(key, _ => { added = true; return now; }, (_, at) =>
        {
            if (now - at > window)
            {
                added = true;
                return now;
            }

            return at;
        });
        return added;
    }
}
