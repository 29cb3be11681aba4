using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Features.Regulations.Answering;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Features.Regulations.Llm;

namespace OrgLife.Bot.Features.Regulations;

/// <summary>The Regulations feature's tables: the knowledge base and its article vectors, curated answers and the question log.</summary>
internal static class RegulationsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<StoredRegulation>(e =>
        {
            e.ToTable("regulation_documents");
            e.Property(d => d.Title).HasMaxLength(300);
            e.Property(d => d.Part).HasMaxLength(300);
            e.Property(d => d.Edition).HasMaxLength(1000);
            e.Property(d => d.SourceName).HasMaxLength(500);
            e.Property(d => d.ContentHash).HasMaxLength(64);
            e.Property(d => d.TenantId).HasMaxLength(64);
            e.Property(d => d.ImportedByName).HasMaxLength(200);
            e.HasIndex(d => new { d.ScopeId, d.ContentHash });
            e.HasIndex(d => new { d.ScopeId, d.Title });
            e.HasMany(d => d.Articles).WithOne().HasForeignKey(a => a.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<StoredArticle>(e =>
        {
            e.ToTable("regulation_articles");
            e.Property(a => a.Label).HasMaxLength(64);
            e.Property(a => a.HeadingPath).HasMaxLength(1000);
            e.Property(a => a.ContentHash).HasMaxLength(64);
            e.HasIndex(a => new { a.DocumentId, a.Ordinal }).IsUnique();
        });
        modelBuilder.Entity<ArticleVector>(e =>
        {
            e.ToTable("regulation_article_vectors");
            e.Property(v => v.Model).HasMaxLength(200);
            e.HasIndex(v => new { v.ArticleId, v.Model }).IsUnique();
            e.HasOne<StoredArticle>().WithMany().HasForeignKey(v => v.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CuratedAnswer>(e =>
        {
            e.ToTable("regulation_faqs");
            e.Property(f => f.Question).HasMaxLength(1000);
            e.Property(f => f.MatchKey).HasMaxLength(1000);
            e.Property(f => f.Answer).HasMaxLength(4000);
            e.Property(f => f.TenantId).HasMaxLength(64);
            e.Property(f => f.AnsweredByName).HasMaxLength(200);
            e.HasIndex(f => new { f.ScopeId, f.MatchKey });
        });
        modelBuilder.Entity<AskedQuestion>(e =>
        {
            e.ToTable("regulation_questions");
            e.Property(q => q.PublicId).HasMaxLength(32);
            e.Property(q => q.Question).HasMaxLength(1000);
            e.Property(q => q.Citation).HasMaxLength(400);
            e.Property(q => q.SecretaryAnswer).HasMaxLength(4000);
            e.HasIndex(q => q.PublicId).IsUnique();
            e.HasIndex(q => new { q.ScopeId, q.AskedAt });
        });
        modelBuilder.Entity<QuestionForward>(e =>
        {
            e.ToTable("regulation_question_forwards");
            e.Property(f => f.ConversationId).HasMaxLength(300);
            e.Property(f => f.ActivityId).HasMaxLength(200);
            e.HasIndex(f => new { f.RecipientUserId, f.QuestionId });
            e.HasOne<AskedQuestion>().WithMany().HasForeignKey(f => f.QuestionId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
