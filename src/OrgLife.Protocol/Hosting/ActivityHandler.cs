using System.Text.Json;
using System.Text.Json.Nodes;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Hosting;

/// <summary>
/// Routes a turn by activity type, the way Bot Builder's ActivityHandler does. Action.Submit (a message
/// carrying <c>value</c> and no text) and Action.Execute (<c>adaptiveCard/action</c> invoke) both arrive at
/// <see cref="OnCardActionAsync"/>, so a card works whichever action type it uses.
/// </summary>
public abstract class ActivityHandler : IBot
{
    /// <summary>Invoke name of Universal Actions.</summary>
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    /// <inheritdoc />
    public virtual Task OnTurnAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        return activity.Type switch
        {
            ActivityTypes.Message when CardAction.FromSubmit(activity) is { } submit =>
                OnCardActionAsync(turnContext, submit, cancellationToken),
            ActivityTypes.Message => OnMessageActivityAsync(turnContext, cancellationToken),
            ActivityTypes.ConversationUpdate => OnConversationUpdateActivityAsync(turnContext, cancellationToken),
            ActivityTypes.InstallationUpdate => OnInstallationUpdateActivityAsync(turnContext, cancellationToken),
            ActivityTypes.Invoke => OnInvokeActivityAsync(turnContext, cancellationToken),
            ActivityTypes.MessageReaction => OnMessageReactionActivityAsync(turnContext, cancellationToken),
            _ => OnUnrecognizedActivityTypeAsync(turnContext, cancellationToken),
        };
    }

    /// <summary>A text message.</summary>
    protected virtual Task OnMessageActivityAsync(TurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A card button: Action.Submit or Action.Execute. For Execute, set <see cref="TurnContext.InvokeResponse"/>.</summary>
    protected virtual Task OnCardActionAsync(TurnContext turnContext, CardAction action, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>conversationUpdate: dispatches to members added/removed.</summary>
    protected virtual async Task OnConversationUpdateActivityAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.MembersAdded is { Count: > 0 } added)
        {
            await OnMembersAddedAsync(added, turnContext, cancellationToken);
        }

        if (activity.MembersRemoved is { Count: > 0 } removed)
        {
            await OnMembersRemovedAsync(removed, turnContext, cancellationToken);
        }
    }

    /// <summary>Members (possibly the bot itself) joined.</summary>
    protected virtual Task OnMembersAddedAsync(IReadOnlyList<ChannelAccount> membersAdded, TurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Members (possibly the bot itself) left.</summary>
    protected virtual Task OnMembersRemovedAsync(IReadOnlyList<ChannelAccount> membersRemoved, TurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>installationUpdate: add/add-upgrade and remove/remove-upgrade.</summary>
    protected virtual Task OnInstallationUpdateActivityAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.Activity.Action switch
        {
            "add" or "add-upgrade" => OnInstallationUpdateAddAsync(turnContext, cancellationToken),
            "remove" or "remove-upgrade" => OnInstallationUpdateRemoveAsync(turnContext, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    /// <summary>The app was installed (or upgraded) here.</summary>
    protected virtual Task OnInstallationUpdateAddAsync(TurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The app was uninstalled here: stop sending.</summary>
    protected virtual Task OnInstallationUpdateRemoveAsync(TurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>invoke: Universal Actions go to <see cref="OnCardActionAsync"/>; others to <see cref="OnInvokeAsync"/>.</summary>
    protected virtual async Task OnInvokeActivityAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.Name == AdaptiveCardActionInvoke)
        {
            var action = CardAction.FromInvoke(activity);
            if (action is null)
            {
                turnContext.InvokeResponse = AdaptiveCardInvokeResponse.Error(400, "BadRequest", "adaptiveCard/action without action.verb");
                return;
            }

            await OnCardActionAsync(turnContext, action, cancellationToken);
            return;
        }

        await OnInvokeAsync(turnContext, cancellationToken);
    }

    /// <summary>Any other invoke; the default leaves the response unset, which answers 501.</summary>
    protected virtual Task OnInvokeAsync(TurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>messageReaction.</summary>
    protected virtual Task OnMessageReactionActivityAsync(TurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>typing, event, messageUpdate… answered 200 and otherwise ignored by default.</summary>
    protected virtual Task OnUnrecognizedActivityTypeAsync(TurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A card button press, whichever action type carried it.</summary>
/// <param name="Verb">The routing verb (Execute's <c>verb</c>, or <c>verb</c> in Submit data).</param>
/// <param name="Data">Action data merged with the card's input values.</param>
/// <param name="IsExecute">True for Action.Execute (answered in the invoke response).</param>
/// <param name="Trigger">manual, or automatic for a refresh.</param>
/// <param name="CardActivityId">Id of the message that holds the card (replyToId).</param>
public sealed record CardAction(string Verb, JsonObject Data, bool IsExecute, string Trigger, string? CardActivityId)
{
    /// <summary>Key in Submit data that carries the verb.</summary>
    public const string VerbKey = "verb";

    /// <summary>True when Teams refreshes the card on its own (not a click).</summary>
    public bool IsRefresh => Trigger == "automatic";

    /// <summary>Reads a string input or data field; empty and whitespace count as missing.</summary>
    public string? GetString(string key) =>
        Data[key] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
            ? v.ToString().Trim() is { Length: > 0 } s ? s : null
            : null;

    /// <summary>Reads an Action.Submit message (no text, an object <c>value</c>); <see cref="Verb"/> is empty when the data carries none.</summary>
    public static CardAction? FromSubmit(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!string.IsNullOrWhiteSpace(activity.Text) || activity.Value is not JsonObject value)
        {
            return null;
        }

        // A Submit whose data has no verb is still a card click (Teams sends no text); its Verb is empty.
        var verb = value[VerbKey] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : string.Empty;
        return new CardAction(verb, (JsonObject)value.DeepClone(), false, "manual", activity.ReplyToId);
    }

    /// <summary>Reads an <c>adaptiveCard/action</c> invoke.</summary>
    public static CardAction? FromInvoke(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Value is not JsonObject value || value["action"] is not JsonObject action)
        {
            return null;
        }

        var verb = action["verb"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (string.IsNullOrEmpty(verb))
        {
            return null;
        }

        var data = action["data"] as JsonObject ?? [];
        var trigger = value["trigger"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : "manual";
        return new CardAction(verb, (JsonObject)data.DeepClone(), true, trigger, activity.ReplyToId);
    }
}
