using System.Runtime.CompilerServices;
using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>A stretch of article text, highlighted when it holds the question's words.</summary>
internal sealed record TextRun(string Text, bool Highlighted);

/// <summary>
/// How an article is shown on an answer card: its paragraphs and numbered items kept as they are, the question's
/// words highlighted as whole words, and the one sentence that answers the question. Runs are plain text
/// (RichTextBlock TextRuns), so nothing here is markdown and nothing needs escaping.
/// </summary>
internal static class ArticleLayout
{
    private static readonly ConditionalWeakTable<RegulationDocument, Dictionary<int, int>> BigramCounts = new();

    /// <summary>The article's paragraphs (its own line breaks), each as runs with the terms highlighted.</summary>
    public static IReadOnlyList<IReadOnlyList<TextRun>> Paragraphs(string text, IReadOnlyList<string> terms, RegulationDocument? document = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        var marked = Mark(text, terms, document);
        var paragraphs = new List<IReadOnlyList<TextRun>>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text[start..end].TrimEnd('\r');
            if (line.Trim().Length > 0)
            {
                paragraphs.Add(Runs(text, marked, start, start + line.Length));
            }

            start = end + 1;
        }

        return paragraphs;
    }

    /// <summary>
    /// The sentence (or clause up to "；") holding most of the question's words, cut from the article as it
    /// stands; null when the article is that one sentence anyway or no sentence holds a term.
    /// </summary>
    public static string? DirectAnswer(string text, IReadOnlyList<string> terms, RegulationDocument? document = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        var sentences = new List<(int Start, int End)>();
        var from = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '。' or '；' or '！' or '？' or '\n' || (text[i] is '.' or ';' && (i + 1 == text.Length || text[i + 1] == ' ')))
            {
                sentences.Add((from, i + 1));
                from = i + 1;
            }
        }

        if (from < text.Length)
        {
            sentences.Add((from, text.Length));
        }

        // A word found in few of the document's articles says more about what was asked than one found in
        // many (支部党员大会 names the topic of several articles, 到会 is the point of one).
        var articles = document?.Articles.Select(a => a.Text).ToList() ?? [text];
        var weights = terms.Select(t => t.Trim()).Where(t => t.Length >= 2).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(t => (Term: t, Weight: Math.Log(1 + (articles.Count / (double)Math.Max(1, articles.Count(a => a.Contains(t, StringComparison.OrdinalIgnoreCase)))))))
            .ToList();
        var best = (Start: 0, End: 0);
        var bestScore = 0.0;
        foreach (var (s, e) in sentences)
        {
            var sentenceText = text[s..e];
            var score = weights.Where(w => sentenceText.Contains(w.Term, StringComparison.OrdinalIgnoreCase)).Sum(w => w.Weight);
            if (score > bestScore)
            {
                (best, bestScore) = ((s, e), score);
            }
        }

        var sentence = text[best.Start..best.End].Trim().TrimEnd('；', ';');
        if (bestScore <= 0 || sentence.Length == 0 || sentence.Length >= text.Trim().TrimEnd('。', '.').Length)
        {
            return null;
        }

        return sentence.EndsWith('。') || sentence.EndsWith('.') ? sentence : sentence + (sentence.Any(ChineseText) ? "。" : ".");
    }

    /// <summary>
    /// The question's own words found in the article (longest runs of two or more letters), so "预备期多长时间"
    /// highlights 预备期 even when the index matched a longer or rewritten form of it.
    /// </summary>
    public static IReadOnlyList<string> SharedWords(string question, string text)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        for (var i = 0; i < question.Length;)
        {
            var length = 0;
            while (i + length < question.Length && char.IsLetterOrDigit(question[i + length])
                && text.Contains(question.AsSpan(i, length + 1), StringComparison.OrdinalIgnoreCase))
            {
                length++;
            }

            if (length >= 2)
            {
                words.Add(question.Substring(i, length));
                i += length;
            }
            else
            {
                i++;
            }
        }

        return words;
    }

    private static bool ChineseText(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static List<TextRun> Runs(string text, bool[] marked, int start, int end)
    {
        var runs = new List<TextRun>();
        while (start < end)
        {
            var stop = start;
            while (stop < end && marked[stop] == marked[start])
            {
                stop++;
            }

            runs.Add(new TextRun(text[start..stop], marked[start]));
            start = stop;
        }

        return runs;
    }

    /// <summary>Marks every occurrence of the terms, each widened or narrowed to whole words.</summary>
    private static bool[] Mark(string text, IReadOnlyList<string> terms, RegulationDocument? document)
    {
        var marked = new bool[text.Length];
        var counts = document is null ? Count([text]) : BigramCounts.GetValue(document, d => Count(d.Articles.Select(a => a.Text)));
        foreach (var term in terms.Select(t => t.Trim()).Where(t => t.Length >= 2).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(term, at + term.Length, StringComparison.OrdinalIgnoreCase))
            {
                var (s, e) = WholeWords(text, at, at + term.Length, counts);
                if (e - s >= 2)
                {
                    Array.Fill(marked, true, s, e - s);
                }
            }
        }

        return marked;
    }

    /// <summary>
    /// Chinese has no spaces, so a matched run may end inside a word (党小组会一|般). An edge character goes
    /// when it is bound more tightly to its outside neighbour than to its inside one in the document's own
    /// text (般 nearly always follows 一, while 会 is followed by many things): word boundaries from the
    /// corpus's statistics, not from a word list.
    /// </summary>
    private static (int Start, int End) WholeWords(string text, int start, int end, Dictionary<int, int> counts)
    {
        while (end - start > 1 && end < text.Length && ChineseText(text[end - 1]) && ChineseText(text[end])
            && Bond(counts, text[end - 1], text[end], text[end]) > Bond(counts, text[end - 2], text[end - 1], text[end - 2]))
        {
            end--;
        }

        while (end - start > 1 && start > 0 && ChineseText(text[start - 1]) && ChineseText(text[start])
            && Bond(counts, text[start - 1], text[start], text[start - 1]) > Bond(counts, text[start], text[start + 1], text[start + 1]))
        {
            start++;
        }

        return (start, end);
    }

    /// <summary>How often <paramref name="other"/> occurs as part of the pair first+second (0–1).</summary>
    private static double Bond(Dictionary<int, int> counts, char first, char second, char other) =>
        counts.GetValueOrDefault((first << 16) | second) / (double)Math.Max(1, counts.GetValueOrDefault(other));

    private static Dictionary<int, int> Count(IEnumerable<string> texts)
    {
        var counts = new Dictionary<int, int>();
        // Pairs under (first << 16 | second), single characters under their code.
        foreach (var text in texts)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (!ChineseText(text[i]))
                {
                    continue;
                }

                counts[text[i]] = counts.GetValueOrDefault(text[i]) + 1;
                if (i + 1 < text.Length && ChineseText(text[i + 1]))
                {
                    var key = (text[i] << 16) | text[i + 1];
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        return counts;
    }
}
