namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>
/// An imported regulation document. <see cref="ScopeId"/> null means a bundled or operator-imported document
/// that every organisation sees; otherwise it belongs to the organisation (scope) that imported it.
/// </summary>
internal sealed class StoredRegulation
{
    public long Id { get; set; }
    public required string Title { get; set; }
    /// <summary>Second title of a code split into files (民法典 人格权编).</summary>
    public string? Part { get; set; }
    /// <summary>Issuer and date line as written.</summary>
    public string? Edition { get; set; }
    public int? EditionYear { get; set; }
    /// <summary>Latest date named in the edition line, when it names one.</summary>
    public DateOnly? EditionDate { get; set; }
    public required string SourceName { get; set; }
    /// <summary>SHA-256 (hex) of the normalised text: the same file imported twice is one document.</summary>
    public required string ContentHash { get; set; }
    public long? ScopeId { get; set; }
    /// <summary>Tenant of the owning scope, so a member's 1:1 chat sees the organisation's documents.</summary>
    public string? TenantId { get; set; }
    /// <summary>A newer edition of the same title exists in the same scope; kept and answered only when asked by year.</summary>
    public bool IsSuperseded { get; set; }
    public long? ImportedByUserId { get; set; }
    public string ImportedByName { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
    public int ArticleCount { get; set; }
    public List<StoredArticle> Articles { get; set; } = [];
}

/// <summary>One article (第七条) or preamble paragraph (总纲) of a stored document, in document order.</summary>
internal sealed class StoredArticle
{
    public long Id { get; set; }
    public long DocumentId { get; set; }
    /// <summary>Position in the document, from 0.</summary>
    public int Ordinal { get; set; }
    public int? Number { get; set; }
    /// <summary>第七条, 第十七条之一, 总纲, 序言.</summary>
    public required string Label { get; set; }
    /// <summary>Enclosing headings joined by a line feed, outermost first.</summary>
    public string HeadingPath { get; set; } = "";
    public required string Text { get; set; }
    public required string ContentHash { get; set; }
}
