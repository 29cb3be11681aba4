using System.Text.RegularExpressions;

namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>
/// An official translation aligned with its original by article number: <c>Article 7: …</c> translates 第七条,
/// the paragraphs before the first article (General Program / Preamble) translate the 总纲/序言 paragraphs in
/// order. Numbered items and further paragraphs belong to the article above them.
/// </summary>
internal static partial class RegulationTranslation
{
    /// <summary>Paragraphs of the preamble in order, and article texts by number.</summary>
    public sealed record Parsed(IReadOnlyList<string> Preamble, IReadOnlyDictionary<int, string> Articles);

    public static Parsed Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var preamble = new List<string>();
        var articles = new Dictionary<int, string>();
        var inPreamble = false;
        int? current = null;
        foreach (var raw in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            var paragraph = raw.Trim();
            if (paragraph.Length == 0)
            {
                continue;
            }

            if (paragraph.StartsWith('#'))
            {
                var heading = paragraph.TrimStart('#').Trim();
                inPreamble = current is null && PreambleHeading().IsMatch(heading);
                continue;
            }

            var article = ArticleStart().Match(paragraph);
            if (article.Success)
            {
                current = int.Parse(article.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
                inPreamble = false;
                articles[current.Value] = paragraph[article.Length..].Trim();
            }
            else if (current is { } number)
            {
                articles[number] += "\n" + paragraph;
            }
            else if (inPreamble)
            {
                preamble.Add(paragraph);
            }
        }

        return new Parsed(preamble, articles);
    }

    /// <summary>
    /// Of several documents, the one a translation fits best: most of its numbered articles translated, and the
    /// same number of preamble paragraphs (a folder of laws has many documents with 55 articles, one 党章).
    /// </summary>
    public static int BestMatch(IReadOnlyList<RegulationDocument> documents, string translationMarkdown)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var parsed = Parse(translationMarkdown);
        var best = -1;
        var bestScore = 0.0;
        for (var d = 0; d < documents.Count; d++)
        {
            var numbers = documents[d].Articles.Where(a => a.Number is not null).Select(a => a.Number!.Value).Distinct().ToList();
            var preamble = documents[d].Articles.Count(a => a.IsPreamble);
            var covered = numbers.Count(parsed.Articles.ContainsKey);
            var score = (double)covered / Math.Max(numbers.Count, parsed.Articles.Count) + (preamble == parsed.Preamble.Count ? 1 : 0);
            if (covered > 0 && score > bestScore)
            {
                (best, bestScore) = (d, score);
            }
        }

        return best;
    }

    /// <summary>
    /// The document with each article's translation set. The preamble is aligned paragraph by paragraph only
    /// when both sides have the same number of paragraphs (otherwise a paragraph could show the wrong text).
    /// </summary>
    /// <exception cref="RegulationFormatException">The translation has no article the document has.</exception>
    public static RegulationDocument Attach(RegulationDocument document, string translationMarkdown, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(document);
        var parsed = Parse(translationMarkdown);
        var preambleCount = document.Articles.Count(a => a.IsPreamble);
        var alignPreamble = preambleCount == parsed.Preamble.Count;
        var preambleIndex = 0;
        var matched = 0;
        var articles = new RegulationArticle[document.Articles.Count];
        for (var i = 0; i < articles.Length; i++)
        {
            var article = document.Articles[i];
            string? translation = null;
            if (article.IsPreamble)
            {
                translation = alignPreamble ? parsed.Preamble[preambleIndex] : null;
                preambleIndex++;
            }
            else if (article.Number is { } number && !article.Label.Contains('之', StringComparison.Ordinal))
            {
                translation = parsed.Articles.GetValueOrDefault(number);
            }

            matched += translation is null ? 0 : 1;
            articles[i] = article with { Translation = translation };
        }

        if (matched == 0)
        {
            throw new RegulationFormatException(RegulationFormatProblem.NoArticles, sourceName, $"no article of 《{document.Title}》 found in the translation (expected paragraphs starting 'Article 1:')");
        }

        return document with { Articles = articles };
    }

    [GeneratedRegex(@"^Article\s+(\d+)\s*[:.：]?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ArticleStart();

    [GeneratedRegex(@"^(General Program|Preamble|General Principles)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PreambleHeading();
}
