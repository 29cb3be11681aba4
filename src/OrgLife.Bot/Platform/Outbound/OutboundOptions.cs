using System.ComponentModel.DataAnnotations;

namespace OrgLife.Bot.Platform.Outbound;

/// <summary>
/// Teams' proactive-send limits and the leases of the instances that send, section "Outbound". The limits hold
/// across every instance on one store (see <see cref="SendGate"/>).
/// </summary>
internal sealed class OutboundOptions
{
    public const string SectionName = "Outbound";

    /// <summary>Sends per second to one conversation (Teams allows 7).</summary>
    [Range(1, 7, ErrorMessage = "Outbound:PerConversationPerSecond must be between 1 and 7 (the Teams limit).")]
    public int PerConversationPerSecond { get; set; } = 7;

    /// <summary>Sends per 30 seconds to one conversation (Teams allows 60).</summary>
    [Range(1, 60, ErrorMessage = "Outbound:PerConversationPer30Seconds must be between 1 and 60 (the Teams limit).")]
    public int PerConversationPer30Seconds { get; set; } = 60;

    /// <summary>Sends per second of this app in one tenant, all instances together.</summary>
    [Range(1, 50, ErrorMessage = "Outbound:PerTenantPerSecond must be between 1 and 50.")]
    public int PerTenantPerSecond { get; set; } = 30;

    /// <summary>How long every send to a tenant pauses after a 429 that named no Retry-After.</summary>
    public TimeSpan ThrottlePause { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claimed send belongs to one instance if it never says it died.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Sends claimed per scheduled pass.</summary>
    [Range(1, 5000, ErrorMessage = "Outbound:BatchSize must be between 1 and 5000.")]
    public int BatchSize { get; set; } = 200;

    /// <summary>Attempts before a send that keeps failing transiently is given up (and logged).</summary>
    [Range(1, 1000, ErrorMessage = "Outbound:MaxAttempts must be between 1 and 1000.")]
    public int MaxAttempts { get; set; } = 30;

    /// <summary>How often a running instance says it is alive.</summary>
    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An instance silent this long is dead: the rows it leased go back to the queue at once.</summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(30);
}
