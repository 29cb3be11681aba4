using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Features.Regulations;

namespace OrgLife.Bot.Data;

/// <summary>
/// The one store. Shared tables (users, scopes, roles, conversation references) are configured here;
/// each feature configures its own tables in its <c>*Model.Configure</c>, called explicitly below.
/// Provider-specific subclasses (<see cref="SqliteBotDbContext"/>, <see cref="PostgresBotDbContext"/>) exist
/// only so each provider keeps its own hand-written migrations (EF's design-time tooling is not available here).
/// </summary>
internal abstract class BotDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<UserProfile> Users => Set<UserProfile>();
    public DbSet<OrgScope> Scopes => Set<OrgScope>();
    public DbSet<ScopeRole> Roles => Set<ScopeRole>();
    public DbSet<StoredConversation> Conversations => Set<StoredConversation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserProfile>(e =>
        {
            e.ToTable("users");
            e.HasIndex(u => u.TeamsId).IsUnique();
            e.HasIndex(u => u.AadObjectId);
            e.Property(u => u.TeamsId).HasMaxLength(200);
            e.Property(u => u.AadObjectId).HasMaxLength(64);
            e.Property(u => u.Name).HasMaxLength(200);
            e.Property(u => u.TenantId).HasMaxLength(64);
            e.Property(u => u.Locale).HasMaxLength(16);
            e.Property(u => u.TimeZone).HasMaxLength(64);
        });
        modelBuilder.Entity<OrgScope>(e =>
        {
            e.ToTable("scopes");
            e.HasIndex(s => s.ExternalId).IsUnique();
            e.Property(s => s.ExternalId).HasMaxLength(300);
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.TenantId).HasMaxLength(64);
        });
        modelBuilder.Entity<ScopeRole>(e =>
        {
            e.ToTable("scope_roles");
            e.HasKey(r => new { r.ScopeId, r.UserId, r.Role });
            e.HasIndex(r => new { r.UserId, r.Role });
            e.HasOne<OrgScope>().WithMany().HasForeignKey(r => r.ScopeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<UserProfile>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<StoredConversation>(e =>
        {
            e.ToTable("conversations");
            e.HasIndex(c => c.ConversationId).IsUnique();
            e.HasIndex(c => c.UserId);
            e.HasIndex(c => c.ScopeId);
            e.Property(c => c.ConversationId).HasMaxLength(300);
            e.Property(c => c.ServiceUrl).HasMaxLength(300);
            e.Property(c => c.ChannelId).HasMaxLength(32);
            e.Property(c => c.TenantId).HasMaxLength(64);
            e.Property(c => c.ConversationType).HasMaxLength(32);
            e.Property(c => c.BotId).HasMaxLength(200);
            e.Property(c => c.BotName).HasMaxLength(200);
            e.Property(c => c.Locale).HasMaxLength(16);
        });

        Downloads.DownloadsRegistration.Configure(modelBuilder);
        RegulationsModel.Configure(modelBuilder);
        AttendanceModel.Configure(modelBuilder);
        DutiesModel.Configure(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored in UTC. SQLite cannot order DateTimeOffset columns natively, so they are stored
        // as UTC ticks there (see SqliteBotDbContext); PostgreSQL uses timestamptz.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
