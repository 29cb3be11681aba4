using System.Globalization;
using System.Text.Json.Nodes;
using OrgLife.Bot.Platform.Data;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Platform.Routing;

/// <summary>
/// One turn as the features see it: who spoke (a stored <see cref="UserProfile"/>), where (the
/// <see cref="OrgScope"/>), in which language, the command text with the bot's mention removed, and the
/// people @mentioned. Wraps the protocol's <see cref="TurnContext"/> for sending.
/// </summary>
internal sealed class BotTurn(TurnContext context, UserProfile user, OrgScope scope, CultureInfo culture, TimeZoneInfo timeZone)
{
    public TurnContext Context { get; } = context;
    public Activity Activity => Context.Activity;
    public UserProfile User { get; } = user;
    public OrgScope Scope { get; } = scope;
    public CultureInfo Culture { get; } = culture;
    public bool IsEnglish => Culture.IsEnglish();

    /// <summary>The user's time zone when known, else the configured default (Asia/Shanghai).</summary>
    public TimeZoneInfo TimeZone { get; } = timeZone;

    /// <summary>Message text with the bot's mention removed, other mentions as <c>@Name</c>, trimmed.</summary>
    public string Text { get; } = context.Activity.GetCommandText();

    /// <summary>People @mentioned, the bot excluded.</summary>
    public IReadOnlyList<ChannelAccount> Mentions { get; } = context.Activity.GetMentions(context.Activity.Recipient?.Id);

    public bool IsPersonal => Scope.Kind == ScopeKind.Personal;

    public Task<ResourceResponse?> SendTextAsync(string text, CancellationToken cancellationToken) =>
        Context.SendActivityAsync(text, cancellationToken);

    /// <summary>Sends a card; returns the new message id when the channel gives one (it may not: 202).</summary>
    public async Task<string?> SendCardAsync(JsonObject card, CancellationToken cancellationToken, string? summary = null)
    {
        var activity = new Activity { Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(card)], Summary = summary };
        var response = await Context.SendActivityAsync(activity, cancellationToken);
        return response?.Id;
    }

    /// <summary>Replaces a card the bot posted earlier in this conversation.</summary>
    public Task UpdateCardAsync(string activityId, JsonObject card, CancellationToken cancellationToken) =>
        Context.UpdateActivityAsync(new Activity { Id = activityId, Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(card)] }, cancellationToken);

    /// <summary>Now, in the user's time zone.</summary>
    public DateTimeOffset LocalNow(TimeProvider clock) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZone);
}
