namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>A question a secretary answered and chose to keep: answered directly the next time it is asked in the scope.</summary>
internal sealed class CuratedAnswer
{
    public long Id { get; set; }
    public long ScopeId { get; set; }
    public string? TenantId { get; set; }
    public required string Question { get; set; }
    /// <summary>The question folded for matching (lower case, no spaces or punctuation).</summary>
    public required string MatchKey { get; set; }
    public required string Answer { get; set; }
    public long AnsweredByUserId { get; set; }
    public string AnsweredByName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
