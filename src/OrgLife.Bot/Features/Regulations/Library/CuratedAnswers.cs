using System.Text;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>
/// The curated answers (a secretary's answer kept as a FAQ), in memory and checked before retrieval. They are
/// the organisation's answers: seen in the scope they were asked in and everywhere in the same tenant.
/// </summary>
internal sealed class CuratedAnswers
{
    private const double MinimumSimilarity = 0.8;
    private CuratedAnswer[] _all = [];

    public async Task ReloadAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await db.Set<CuratedAnswer>().AsNoTracking().OrderByDescending(c => c.Id).ToArrayAsync(cancellationToken);
        Volatile.Write(ref _all, all);
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

        CuratedAnswer? best = null;
        var bestScore = 0.0;
        foreach (var curated in Volatile.Read(ref _all))
        {
            if (curated.ScopeId != scope.Id && (curated.TenantId is null || curated.TenantId != scope.TenantId))
            {
                continue;
            }

            var score = curated.MatchKey == key ? 1.0 : Similarity(curated.MatchKey, key);
            if (score > bestScore)
            {
                (best, bestScore) = (curated, score);
            }
        }

        return bestScore >= MinimumSimilarity ? best : null;
    }

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
