using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Evaluation;

/// <summary>
/// The yardstick the engine must beat: Okapi BM25 (k1 1.2, b 0.75) over the Han character bigrams of the
/// article text, no dictionary, no synonyms, never refuses. <c>kb eval … --baseline bigram</c>.
/// </summary>
internal sealed class BigramBaseline
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly RegulationDocument[] _documents;
    private readonly (RegulationArticle Article, int Document)[] _articles;
    private readonly Dictionary<int, List<(int Article, int Tf)>> _postings = [];
    private readonly int[] _lengths;
    private readonly double _averageLength;

    private BigramBaseline(RegulationDocument[] documents)
    {
        _documents = documents;
        _articles = [.. documents.SelectMany((d, i) => d.Articles.Select(a => (a, i)))];
        _lengths = new int[_articles.Length];
        for (var a = 0; a < _articles.Length; a++)
        {
            var bigrams = Bigrams(_articles[a].Article.Text);
            _lengths[a] = bigrams.Count;
            foreach (var group in bigrams.GroupBy(b => b))
            {
                if (!_postings.TryGetValue(group.Key, out var list))
                {
                    _postings[group.Key] = list = [];
                }

                list.Add((a, group.Count()));
            }
        }

        _averageLength = _lengths.Length == 0 ? 1 : Math.Max(1, _lengths.Average());
    }

    public IReadOnlyList<RegulationDocument> Documents => _documents;

    public int ArticleCount => _articles.Length;

    public static BigramBaseline Build(IEnumerable<RegulationDocument> documents) => new([.. documents]);

    public RegulationSearchResult Search(string question)
    {
        var scores = new Dictionary<int, double>();
        foreach (var bigram in Bigrams(question).Distinct())
        {
            if (!_postings.TryGetValue(bigram, out var list))
            {
                continue;
            }

            var idf = Math.Log(1 + ((_articles.Length - list.Count + 0.5) / (list.Count + 0.5)));
            foreach (var (article, tf) in list)
            {
                var norm = K1 * (1 - B + (B * _lengths[article] / _averageLength));
                scores[article] = scores.GetValueOrDefault(article) + (idf * tf * (K1 + 1) / (tf + norm));
            }
        }

        var hits = scores.OrderByDescending(p => p.Value).Take(3)
            .Select(p => new RegulationHit(_articles[p.Key].Article, _documents[_articles[p.Key].Document], p.Value, 1, [], false))
            .ToList();
        return new RegulationSearchResult(question, hits, hits.Count == 0);
    }

    private static List<int> Bigrams(string text)
    {
        var folded = ChineseTextFolding.Fold(text);
        var result = new List<int>(folded.Length);
        for (var i = 1; i < folded.Length; i++)
        {
            if (ChineseTextFolding.IsHan(folded[i - 1]) && ChineseTextFolding.IsHan(folded[i]))
            {
                result.Add((folded[i - 1] << 16) | folded[i]);
            }
        }

        return result;
    }
}
