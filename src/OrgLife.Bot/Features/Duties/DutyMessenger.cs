using OrgLife.Bot.Platform.Organisation;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Duties;

/// <summary>The seam between the dispatcher and Teams: tests and the benchmark count sends here.</summary>
internal interface IDutyMessenger
{
    /// <summary>Sends to the person's 1:1 chat; throws <see cref="RecipientUnreachableException"/> when the app cannot reach them.</summary>
    Task<ProactiveDelivery> SendToUserAsync(long userId, Activity activity, CancellationToken cancellationToken);
}

/// <summary>Production: the host's proactive messenger (stored references, or a created 1:1 chat).</summary>
internal sealed class ProactiveDutyMessenger(ProactiveMessenger messenger) : IDutyMessenger
{
    public Task<ProactiveDelivery> SendToUserAsync(long userId, Activity activity, CancellationToken cancellationToken) =>
        messenger.SendToUserAsync(userId, activity, cancellationToken);
}
