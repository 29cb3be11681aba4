using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>How one search runs.</summary>
internal sealed record SearchOptions
{
    public static SearchOptions Default { get; } = new();

    /// <summary>Hits to return (best first).</summary>
    public int MaxHits { get; init; } = 3;

    /// <summary>
    /// Title of the document the conversation last cited, so "第三十条呢？" resolves inside it. The caller
    /// (chat handler) keeps this per conversation; the index is stateless.
    /// </summary>
    public string? ContextDocumentTitle { get; init; }

    /// <summary>Below this confidence the result is "not covered" (see <see cref="RegulationIndex.DefaultMinimumConfidence"/>).</summary>
    public double MinimumConfidence { get; init; } = RegulationIndex.DefaultMinimumConfidence;
}

/// <summary>The answer to one question: ranked hits, or "not covered" when nothing really answers it.</summary>
internal sealed record RegulationSearchResult(string Question, IReadOnlyList<RegulationHit> Hits, bool NotCovered)
{
    /// <summary>Best hit when the question is covered; null when it is not.</summary>
    public RegulationHit? Best => NotCovered || Hits.Count == 0 ? null : Hits[0];
}

/// <summary>One ranked article.</summary>
/// <param name="Article">The article (or 总纲 paragraph).</param>
/// <param name="Document">Its document, for the edition line and source.</param>
/// <param name="Score">Ranking score (BM25F-style, higher is better; only comparable within one search).</param>
/// <param name="Confidence">0–1: the share of the question's content this article answers (1 for a direct look-up).</param>
/// <param name="MatchedTerms">Question words found in the article, for highlighting.</param>
/// <param name="IsDirectLookup">True when the question named the article ("党章第七条").</param>
internal sealed record RegulationHit(
    RegulationArticle Article,
    RegulationDocument Document,
    double Score,
    double Confidence,
    IReadOnlyList<string> MatchedTerms,
    bool IsDirectLookup)
{
    /// <summary>《中国共产党章程》第七条.</summary>
    public string Citation => Article.Citation;

    /// <summary>《中国共产党章程》第七条（中国共产党第二十次全国代表大会部分修改，2022年10月22日通过）.</summary>
    public string CitationWithEdition => Document.Edition is null ? Citation : $"{Citation}（{Document.Edition}）";
}
