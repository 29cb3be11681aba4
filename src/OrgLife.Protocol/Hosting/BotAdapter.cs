using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Hosting;

/// <summary>
/// Runs turns: parses and authenticates inbound HTTP activities, calls the bot, writes the HTTP answer;
/// and starts proactive turns into stored conversations (Bot Builder's CloudAdapter).
/// </summary>
public sealed class BotAdapter(IConnectorClient connector)
{
    /// <summary>Handles one POST to the messaging endpoint.</summary>
    public async Task ProcessAsync(HttpContext http, IBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(bot);
        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync(http.Request.Body, ProtocolJsonContext.Default.Activity, cancellationToken);
        }
        catch (JsonException)
        {
            activity = null;
        }

        if (activity?.Type is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var turn = new TurnContext(activity, connector);
        await bot.OnTurnAsync(turn, cancellationToken);
        if (activity.Type == ActivityTypes.Invoke)
        {
            var response = turn.InvokeResponse ?? InvokeResponse.NotImplemented;
            http.Response.StatusCode = response.Status;
            if (response.Body is not null)
            {
                http.Response.ContentType = "application/json; charset=utf-8";
                await http.Response.WriteAsync(response.Body.ToJsonString(), cancellationToken);
            }

            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
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
        return callback(new TurnContext(activity, connector, isProactive: true), cancellationToken);
    }

    /// <summary>Opens (or finds) the 1:1 chat between the bot and a user; 403 when the app is not installed for them.</summary>
    public async Task<ConversationReference> CreatePersonalConversationAsync(string serviceUrl, string tenantId, ChannelAccount bot, ChannelAccount user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(user);
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
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
