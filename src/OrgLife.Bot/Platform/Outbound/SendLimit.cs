using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Platform.Outbound;

/// <summary>
/// The recent send slots of one tenant or one conversation, shared by every instance: the newest reserved send
/// times (milliseconds since 1970, ascending) and, for a tenant, the pause a 429 asked for. <see cref="Version"/>
/// makes each reservation a compare-and-swap, so two instances never book the same room.
/// </summary>
internal sealed class SendLimit
{
    public const int MaxSlots = 60;

    public string Key { get; set; } = "";
    public string Slots { get; set; } = "";
    public DateTimeOffset? PausedUntil { get; set; }
    public long Version { get; set; }

    public List<DateTimeOffset> ReadSlots() =>
        [.. Slots.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(s, CultureInfo.InvariantCulture)))];

    /// <summary>Keeps the newest <paramref name="keep"/> slots that can still matter after <paramref name="since"/>.</summary>
    public void WriteSlots(IEnumerable<DateTimeOffset> slots, int keep, DateTimeOffset since)
    {
        var kept = slots.Where(s => s >= since).TakeLast(Math.Min(keep, MaxSlots));
        Slots = string.Join(',', kept.Select(s => s.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        Version++;
    }
}

/// <summary>A running instance, for leases: rows leased by an instance that stopped beating go back at once.</summary>
internal sealed class BotInstance
{
    public string Id { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset SeenAt { get; set; }
}

internal static class OutboundModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SendLimit>(e =>
        {
            e.ToTable("send_limits");
            e.HasKey(l => l.Key);
            e.Property(l => l.Key).HasMaxLength(400);
            e.Property(l => l.Slots).HasMaxLength(SendLimit.MaxSlots * 15);
            e.Property(l => l.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<OutboundMessage>(e =>
        {
            e.ToTable("outbound_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Key).HasMaxLength(300);
            e.HasIndex(m => m.Key).IsUnique();
            e.Property(m => m.ConversationId).HasMaxLength(400);
            e.Property(m => m.ReplacesActivityId).HasMaxLength(200);
            // A card activity stays far below Teams' 28 KB; the bound is generous on purpose.
            e.Property(m => m.Activity).HasMaxLength(200_000);
            e.Property(m => m.LeaseOwner).HasMaxLength(250);
            e.Property(m => m.SentConversationId).HasMaxLength(400);
            e.Property(m => m.SentActivityId).HasMaxLength(200);
            e.HasIndex(m => new { m.State, m.NotBefore });
            e.HasIndex(m => m.LeaseOwner);
        });
        modelBuilder.Entity<BotInstance>(e =>
        {
            e.ToTable("bot_instances");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).HasMaxLength(200);
        });
    }
}
