using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>
/// The curated answers (a secretary's answer kept as a FAQ), in memory and checked before retrieval. They are
/// the organisation's answers: seen in the scope they were asked in and everywhere in the same tenant. A
/// question finds one by (nearly) the same wording, or through the same retrieval as articles: each saved
/// question and answer is indexed as an article, so "预备期是多久" finds the answer saved for "预备期多长时间".
/// </summary>
internal sealed class CuratedAnswers
{
    private const double MinimumSimilarity = 0.8;

    /// <summary>A saved answer replaces the articles, so retrieval must be surer than for an article.</summary>
    private const double MinimumRetrievalConfidence = 0.7;

    private const int RetrievalCandidates = 20;
    private Catalogue _catalogue = new([], RegulationIndex.Empty, new Dictionary<string, CuratedAnswer>(StringComparer.Ordinal));

    private sealed record Catalogue(CuratedAnswer[] All, RegulationIndex Index, Dictionary<string, CuratedAnswer> BySource);

    public async Task ReloadAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await db.Set<CuratedAnswer>().AsNoTracking().OrderByDescending(c => c.Id).ToArrayAsync(cancellationToken);
        var bySource = new Dictionary<string, CuratedAnswer>(StringComparer.Ordinal);
        var documents = new List<RegulationDocument>(all.Length);
        foreach (var curated in all)
        {
            var source = string.Create(CultureInfo.InvariantCulture, $"curated:{curated.Id}");
            bySource[source] = curated;
            var text = curated.Question + "\n" + curated.Answer;
            var article = new RegulationArticle(source, null, [], 1, "第一条", text, source);
            documents.Add(new RegulationDocument(source, null, null, null, source, source, [article]));
        }

        Volatile.Write(ref _catalogue, new Catalogue(all, RegulationIndex.Build(documents), bySource));
    }

    /// <summary>The newest curated answer whose question is the same as <paramref name="question"/> (or nearly).</summary>
    public CuratedAnswer? Match(OrgScope scope, string question)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var key = MatchKey(question);
        if (key.Length == 0)
        {
            return null;
        }

        var catalogue = Volatile.Read(ref _catalogue);
        CuratedAnswer? best = null;
        var bestScore = 0.0;
        foreach (var curated in catalogue.All)
        {
            if (!IsVisible(curated, scope))
            {
                continue;
            }

            var score = curated.MatchKey == key ? 1.0 : Similarity(curated.MatchKey, key);
            if (score > bestScore)
            {
                (best, bestScore) = (curated, score);
            }
        }

        if (bestScore >= MinimumSimilarity)
        {
            return best;
        }

        var result = catalogue.Index.Search(question, new SearchOptions { MaxHits = RetrievalCandidates, MinimumConfidence = MinimumRetrievalConfidence });
        if (result.NotCovered)
        {
            return null;
        }

        foreach (var hit in result.Hits)
        {
            if (hit.Confidence >= MinimumRetrievalConfidence && catalogue.BySource.TryGetValue(hit.Document.SourceName, out var found) && IsVisible(found, scope))
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsVisible(CuratedAnswer curated, OrgScope scope) =>
        curated.ScopeId == scope.Id || (curated.TenantId is not null && curated.TenantId == scope.TenantId);

    /// <summary>The question folded for matching: lower case letters and digits only.</summary>
    public static string MatchKey(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var builder = new StringBuilder(question.Length);
        foreach (var c in question.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        var key = builder.ToString();
        return key.Length > 1000 ? key[..1000] : key;
    }

    // Dice coefficient over character bigrams: "预备期是多长时间" ≈ "预备期多长时间".
    internal static double Similarity(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2)
        {
            return a == b ? 1 : 0;
        }

        var bigrams = new Dictionary<int, int>();
        for (var i = 0; i < a.Length - 1; i++)
        {
            var k = (a[i] << 16) | a[i + 1];
            bigrams[k] = bigrams.GetValueOrDefault(k) + 1;
        }

        var shared = 0;
        for (var i = 0; i < b.Length - 1; i++)
        {
            var k = (b[i] << 16) | b[i + 1];
            if (bigrams.TryGetValue(k, out var n) && n > 0)
            {
                bigrams[k] = n - 1;
                shared++;
            }
        }

        return 2.0 * shared / (a.Length - 1 + b.Length - 1);
    }
}
