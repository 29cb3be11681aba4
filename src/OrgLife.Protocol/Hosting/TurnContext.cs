using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Hosting;

/// <summary>
/// One turn: the inbound activity and the means to answer it. Replies are addressed from the inbound
/// activity (conversation, from/recipient swapped, replyToId) as Bot Builder's TurnContext does.
/// </summary>
public sealed class TurnContext
{
    /// <summary>Creates a turn for an inbound or proactive activity.</summary>
    public TurnContext(Activity activity, IConnectorClient connector, bool isProactive = false)
    {
        Activity = activity;
        Connector = connector;
        IsProactive = isProactive;
    }

    /// <summary>The inbound activity (or the synthesized one of a proactive turn).</summary>
    public Activity Activity { get; }

    /// <summary>The Connector for this turn's service URL.</summary>
    public IConnectorClient Connector { get; }

    /// <summary>True for a turn started by <see cref="BotAdapter.ContinueConversationAsync"/>.</summary>
    public bool IsProactive { get; }

    /// <summary>
    /// For an inbound turn: when (<see cref="Environment.TickCount64"/>) its Connector calls must be done, since
    /// Teams is waiting for the HTTP answer. Null for proactive turns, whose calls retry.
    /// </summary>
    public long? ReplyDeadline { get; init; }

    /// <summary>What the HTTP response carries for an invoke; null → 501 for invokes, 200 otherwise.</summary>
    public InvokeResponse? InvokeResponse { get; set; }

    /// <summary>Sends a markdown text message.</summary>
    public Task<ResourceResponse?> SendActivityAsync(string text, CancellationToken cancellationToken = default) =>
        SendActivityAsync(new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = TextFormats.Markdown }, cancellationToken);

    /// <summary>Sends an activity into this turn's conversation, as a reply when the inbound activity has an id.</summary>
    public Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Address(activity);
        var serviceUrl = Activity.ServiceUrl!;
        var conversationId = Activity.Conversation!.Id!;
        return InTurn(() => !IsProactive && Activity.Id is { Length: > 0 } replyTo
            ? Connector.ReplyToActivityAsync(serviceUrl, conversationId, replyTo, activity, cancellationToken)
            : Connector.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken));
    }

    /// <summary>Replaces a message the bot sent earlier (PUT); <paramref name="activity"/>.Id names it.</summary>
    public Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentException.ThrowIfNullOrEmpty(activity.Id);
        Address(activity);
        activity.ReplyToId = null;
        return InTurn(() => Connector.UpdateActivityAsync(Activity.ServiceUrl!, Activity.Conversation!.Id!, activity.Id, activity, cancellationToken));
    }

    /// <summary>Deletes a message the bot sent earlier.</summary>
    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default) =>
        InTurn(async () =>
        {
            await Connector.DeleteActivityAsync(Activity.ServiceUrl!, Activity.Conversation!.Id!, activityId, cancellationToken);
            return true;
        });

    private Task<T> InTurn<T>(Func<Task<T>> call) =>
        ReplyDeadline is { } deadline && !IsProactive ? InTurnCalls.RunAsync(deadline, call) : call();

    private void Address(Activity activity)
    {
        activity.Type ??= ActivityTypes.Message;
        activity.From ??= Activity.Recipient;
        activity.Recipient ??= IsProactive ? null : Activity.From;
        activity.Conversation ??= Activity.Conversation;
        activity.ServiceUrl ??= Activity.ServiceUrl;
        activity.ChannelId ??= Activity.ChannelId;
        activity.Locale ??= Activity.Locale;
        if (!IsProactive)
        {
            activity.ReplyToId ??= Activity.Id;
        }
    }
}

/// <summary>The bot's logic: called once per inbound (or proactive) turn.</summary>
public interface IBot
{
    /// <summary>Handles one turn.</summary>
    Task OnTurnAsync(TurnContext turnContext, CancellationToken cancellationToken);
}
