namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>
/// One parsed regulation (党章, a branch's own rules, a law…), independent of where it is stored, so the
/// index can be fed from files, uploads or the database alike.
/// </summary>
/// <param name="Title">Exact title without book-title marks, e.g. 中国共产党章程.</param>
/// <param name="Part">Second title of a code split into files (民法典 人格权编); null otherwise. Editions are grouped by title and part.</param>
/// <param name="Edition">The issuing body and date line(s) as written, e.g. 中国共产党第二十次全国代表大会部分修改，2022年10月22日通过.</param>
/// <param name="EditionYear">Year parsed from <paramref name="Edition"/> (latest year mentioned); a newer edition of the same title supersedes an older one.</param>
/// <param name="SourceName">File name or path the document came from; used by the evaluation and for diagnostics.</param>
/// <param name="ContentHash">SHA-256 (hex) of the normalised text, so re-importing the same file is a no-op.</param>
internal sealed record RegulationDocument(
    string Title,
    string? Part,
    string? Edition,
    int? EditionYear,
    string SourceName,
    string ContentHash,
    IReadOnlyList<RegulationArticle> Articles);

/// <summary>
/// An article (第七条) or a pseudo-article for one paragraph of a 总纲/序言, carrying everything a citation needs.
/// </summary>
/// <param name="DocumentTitle">Title of the owning document.</param>
/// <param name="Edition">Edition line of the owning document.</param>
/// <param name="HeadingPath">Enclosing headings from outermost, e.g. ["第一章 党员"] or ["第二编 …", "第三章 …", "第一节 …"].</param>
/// <param name="Number">Article number (7 for 第七条); null for 总纲/序言 paragraphs.</param>
/// <param name="Label">第七条, 第十七条之一, 总纲 or 序言.</param>
/// <param name="Text">Article text without the label, numbered items （一）（二） kept as separate lines.</param>
/// <param name="ContentHash">SHA-256 (hex) of label and text.</param>
/// <param name="Translation">The official English text of this article, when a translation was imported with the document.</param>
internal sealed record RegulationArticle(
    string DocumentTitle,
    string? Edition,
    IReadOnlyList<string> HeadingPath,
    int? Number,
    string Label,
    string Text,
    string ContentHash,
    string? Translation = null)
{
    /// <summary>Preamble paragraphs are cited as 《…》总纲 rather than by number.</summary>
    public bool IsPreamble => Number is null;

    /// <summary>《中国共产党章程》第七条 or 《中国共产党章程》总纲.</summary>
    public string Citation => $"《{DocumentTitle}》{Label}";
}
