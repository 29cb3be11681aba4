using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Tests.Features.StudyQuiz;

/// <summary>A study question; posted once, in order.</summary>
internal sealed class StudyQuestion
{
    public long Id { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset? PostedAt { get; set; }
}

/// <summary>The feature's table, registered from <see cref="StudyQuizFeature.AddStudyQuiz"/>.</summary>
internal static class StudyQuizModel
{
    public static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<StudyQuestion>(e =>
    {
        e.ToTable("study_questions");
        e.Property(q => q.Text).HasMaxLength(1000);
        e.HasIndex(q => q.PostedAt);
    });
}
