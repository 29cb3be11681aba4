using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Features.Duties;

/// <summary>The Duties feature's tables.</summary>
internal static class DutiesModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Duty>(e =>
        {
            e.ToTable("duties");
            e.Ignore(d => d.IsOpen);
            e.Property(d => d.Title).HasMaxLength(200);
            e.Property(d => d.Detail).HasMaxLength(2000);
            e.Property(d => d.Category).HasMaxLength(100);
            e.Property(d => d.TimeZone).HasMaxLength(64);
            e.Property(d => d.Evidence).HasMaxLength(2000);
            e.Property(d => d.RequestReason).HasMaxLength(500);
            e.HasIndex(d => new { d.ScopeId, d.Status, d.DueAt });
            e.HasIndex(d => new { d.OwnerUserId, d.Status });
            e.HasIndex(d => new { d.LeaderUserId, d.Status });
            e.HasIndex(d => new { d.Status, d.DueAt });
            e.HasIndex(d => d.SeriesId);
            // Completing an occurrence twice (a repeated click, two instances) must not add two next occurrences.
            e.HasIndex(d => d.FollowsDutyId).IsUnique();
        });
        modelBuilder.Entity<DutyChange>(e =>
        {
            e.ToTable("duty_changes");
            e.Property(c => c.Action).HasMaxLength(32);
            e.Property(c => c.Detail).HasMaxLength(2000);
            e.HasIndex(c => new { c.DutyId, c.At });
        });
        modelBuilder.Entity<DutyPolicyOverride>(e =>
        {
            e.ToTable("duty_policies");
            e.HasKey(p => p.ScopeId);
            e.Property(p => p.DaysBefore).HasMaxLength(64);
        });
        modelBuilder.Entity<DutyReminder>(e =>
        {
            e.ToTable("duty_reminders");
            e.Property(r => r.LeaseOwner).HasMaxLength(64);
            e.Property(r => r.ConversationId).HasMaxLength(300);
            e.Property(r => r.ActivityId).HasMaxLength(200);
            e.Property(r => r.Payload).HasMaxLength(4000);
            // One send per (item, stage, occurrence): planning twice, or on two instances, adds nothing.
            e.HasIndex(r => new { r.DutyId, r.Stage, r.Occurrence, r.Sequence, r.RecipientUserId }).IsUnique();
            // The due scan: planned rows by time.
            e.HasIndex(r => new { r.State, r.DueAt });
        });
    }
}
