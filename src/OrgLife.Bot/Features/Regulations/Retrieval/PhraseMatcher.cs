using System.Collections.Frozen;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// Finds every occurrence of a fixed set of phrases in a text, bucketed by first character so a scan costs
/// about one dictionary probe per character (the lexicon has hundreds of words, the corpus millions of characters).
/// </summary>
internal sealed class PhraseMatcher
{
    private readonly FrozenDictionary<char, string[]> _byFirstChar;

    public PhraseMatcher(IEnumerable<string> phrases)
    {
        _byFirstChar = phrases
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .GroupBy(p => p[0])
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Length).ToArray());
    }

    /// <summary>All (start, phrase) occurrences, overlapping ones included, in text order.</summary>
    public void FindAll(string text, List<(int Start, string Phrase)> found)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!_byFirstChar.TryGetValue(text[i], out var candidates))
            {
                continue;
            }

            foreach (var phrase in candidates)
            {
                if (text.AsSpan(i).StartsWith(phrase, StringComparison.Ordinal))
                {
                    found.Add((i, phrase));
                }
            }
        }
    }
}
