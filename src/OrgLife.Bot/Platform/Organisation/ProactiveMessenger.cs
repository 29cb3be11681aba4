using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Outbound;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Platform.Organisation;

/// <summary>A proactive send could not be delivered: the app is not installed for the user, or was removed.</summary>
internal sealed class RecipientUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where a proactive message landed, so it can be updated later.</summary>
internal sealed record ProactiveDelivery(string ConversationId, string? ActivityId);

/// <summary>
/// Sends outside a turn: into a stored conversation, or to a person in their 1:1 chat with the bot, opening
/// that chat when needed (the app must be installed for them; Teams answers 403 otherwise, and the stored
/// reference is marked unusable). Every send and update first books its slot in the <see cref="SendGate"/> (Teams'
/// limits across all instances); a 429 pauses the whole tenant there and is thrown to the caller, who requeues.
/// </summary>
internal sealed class ProactiveMessenger(BotDbContext db, BotAdapter adapter, OrgDirectory directory, SendGate gate, TimeProvider clock)
{
    public async Task<ProactiveDelivery> SendToConversationAsync(string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        var stored = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.ConversationId == conversationId, cancellationToken)
            ?? throw new RecipientUnreachableException($"No stored conversation {conversationId}.");
        if (!stored.IsUsable)
        {
            throw new RecipientUnreachableException($"The app was removed from conversation {conversationId}.");
        }

        return await SendAsync(stored, activity, cancellationToken);
    }

    /// <summary>Sends to a person's 1:1 chat with the bot, creating it from the person's Teams id and tenant when needed.</summary>
    public async Task<ProactiveDelivery> SendToUserAsync(long userId, Activity activity, CancellationToken cancellationToken)
    {
        var personal = await db.Conversations.AsNoTracking()
            .Where(c => c.UserId == userId && c.ConversationType == ConversationTypes.Personal)
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        if (personal is { IsUsable: true })
        {
            return await SendAsync(personal, activity, cancellationToken);
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new RecipientUnreachableException($"Unknown user {userId}.");
        // Any conversation in the user's tenant tells us the regional service URL and the bot's id.
        var template = await db.Conversations.AsNoTracking()
            .Where(c => c.TenantId == user.TenantId && c.BotId != null)
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RecipientUnreachableException($"No conversation known in tenant {user.TenantId} to reach user {userId}.");
        ConversationReference reference;
        try
        {
            reference = await adapter.CreatePersonalConversationAsync(
                template.ServiceUrl, user.TenantId ?? template.TenantId ?? "",
                new ChannelAccount { Id = template.BotId, Name = template.BotName },
                new ChannelAccount { Id = user.TeamsId, Name = user.Name, AadObjectId = user.AadObjectId },
                cancellationToken);
        }
        catch (ConnectorException e) when (e.IsForbidden || e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new RecipientUnreachableException($"The app is not installed for user {userId}.", e);
        }
        catch (ConnectorException e) when (e.IsThrottled)
        {
            await gate.PauseAsync(user.TenantId ?? template.TenantId, e.RetryAfter, cancellationToken);
            throw;
        }

        var stored = new StoredConversation
        {
            ConversationId = reference.Conversation.Id!,
            ServiceUrl = reference.ServiceUrl,
            TenantId = reference.TenantId,
            ConversationType = ConversationTypes.Personal,
            BotId = template.BotId,
            BotName = template.BotName,
            UserId = userId,
            Locale = user.Locale,
            IsUsable = true,
            UpdatedAt = clock.GetUtcNow(),
        };
        await UpsertAsync(stored, cancellationToken);
        return await SendAsync(stored, activity, cancellationToken);
    }

    /// <summary>Replaces a message sent earlier.</summary>
    public async Task UpdateAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        var stored = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.ConversationId == conversationId, cancellationToken)
            ?? throw new RecipientUnreachableException($"No stored conversation {conversationId}.");
        activity.Id = activityId;
        await gate.WaitForSlotAsync(stored.TenantId, stored.ConversationId, cancellationToken);
        try
        {
            await adapter.ContinueConversationAsync(ToReference(stored), (turn, ct) => turn.UpdateActivityAsync(activity, ct), cancellationToken);
        }
        catch (ConnectorException e) when (e.IsThrottled)
        {
            await gate.PauseAsync(stored.TenantId, e.RetryAfter, cancellationToken);
            throw;
        }
    }

    private async Task<ProactiveDelivery> SendAsync(StoredConversation stored, Activity activity, CancellationToken cancellationToken)
    {
        ResourceResponse? response = null;
        await gate.WaitForSlotAsync(stored.TenantId, stored.ConversationId, cancellationToken);
        try
        {
            await adapter.ContinueConversationAsync(ToReference(stored), async (turn, ct) => response = await turn.SendActivityAsync(activity, ct), cancellationToken);
        }
        catch (ConnectorException e) when (e.IsThrottled)
        {
            // Every instance pauses this tenant; the caller requeues (never retried here, behind the limit's back).
            await gate.PauseAsync(stored.TenantId, e.RetryAfter, cancellationToken);
            throw;
        }
        catch (ConnectorException e) when (e.IsForbidden)
        {
            await directory.MarkUnreachableAsync(stored.ConversationId, cancellationToken);
            throw new RecipientUnreachableException($"The bot may no longer post in {stored.ConversationId}.", e);
        }

        return new ProactiveDelivery(stored.ConversationId, response?.Id);
    }

    private async Task UpsertAsync(StoredConversation stored, CancellationToken cancellationToken)
    {
        var existing = await db.Conversations.FirstOrDefaultAsync(c => c.ConversationId == stored.ConversationId, cancellationToken);
        if (existing is null)
        {
            db.Conversations.Add(stored);
        }
        else
        {
            existing.ServiceUrl = stored.ServiceUrl;
            existing.UserId = stored.UserId;
            existing.IsUsable = true;
            existing.UpdatedAt = stored.UpdatedAt;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Created concurrently by another send; the row exists, which is all we need.
        }

        db.ChangeTracker.Clear();
    }

    private static ConversationReference ToReference(StoredConversation stored) => new()
    {
        ServiceUrl = stored.ServiceUrl,
        ChannelId = stored.ChannelId,
        Conversation = new ConversationAccount
        {
            Id = stored.ConversationId,
            ConversationType = stored.ConversationType,
            TenantId = stored.TenantId,
            IsGroup = stored.ConversationType is not ConversationTypes.Personal,
        },
        Bot = new ChannelAccount { Id = stored.BotId, Name = stored.BotName },
        TenantId = stored.TenantId,
        Locale = stored.Locale,
    };
}
