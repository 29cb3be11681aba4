using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): each ranked list gives an article
/// 1 / (k + rank); the sums order the fused list. Ranks, not scores, are combined, so BM25 scores and cosine
/// similarities need no common scale. k = 60 is the paper's constant, not tuned here.
/// </summary>
internal static class ReciprocalRankFusion
{
    public const int K = 60;

    /// <summary>Articles of all lists, best fused first; an article keeps the hit of the list that ranked it first.</summary>
    public static IReadOnlyList<RegulationHit> Fuse(IEnumerable<IReadOnlyList<RegulationHit>> rankings)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        var fused = new Dictionary<object, (RegulationHit Hit, double Score, int BestRank, int Order)>(ReferenceEqualityComparer.Instance);
        var order = 0;
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var hit = ranking[rank];
                var share = 1.0 / (K + rank + 1);
                fused[hit.Article] = fused.TryGetValue(hit.Article, out var seen)
                    ? (rank < seen.BestRank ? hit : seen.Hit, seen.Score + share, Math.Min(rank, seen.BestRank), seen.Order)
                    : (hit, share, rank, order++);
            }
        }

        return [.. fused.Values.OrderByDescending(f => f.Score).ThenBy(f => f.Order).Select(f => f.Hit)];
    }
}
