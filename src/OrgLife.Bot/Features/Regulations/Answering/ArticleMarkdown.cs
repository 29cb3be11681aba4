using System.Text;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>
/// Article text for an Adaptive Card TextBlock (which renders a markdown subset): characters markdown would
/// read are escaped, and the question's words are set in bold.
/// </summary>
internal static class ArticleMarkdown
{
    private const string Special = "\\*_[]()`~>#|";

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 8);
        AppendEscaped(builder, text, 0, text.Length);
        return builder.ToString();
    }

    /// <summary>Escapes <paramref name="text"/> and bolds every occurrence of the terms (two characters or more).</summary>
    public static string Highlight(string text, IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        var marked = new bool[text.Length];
        var any = false;
        foreach (var term in terms.Where(t => t.Trim().Length >= 2).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(term, at + term.Length, StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(marked, true, at, term.Length);
                any = true;
            }
        }

        if (!any)
        {
            return Escape(text);
        }

        var builder = new StringBuilder(text.Length + 32);
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            while (end < text.Length && marked[end] == marked[start])
            {
                end++;
            }

            // Bold never spans a line break or surrounding spaces: markdown would not close it.
            if (marked[start])
            {
                foreach (var piece in SplitLines(text, start, end))
                {
                    if (piece.Length > 0 && text.AsSpan(piece.Start, piece.Length).Trim().Length == piece.Length)
                    {
                        builder.Append("**");
                        AppendEscaped(builder, text, piece.Start, piece.Start + piece.Length);
                        builder.Append("**");
                    }
                    else
                    {
                        AppendEscaped(builder, text, piece.Start, piece.Start + piece.Length);
                    }
                }
            }
            else
            {
                AppendEscaped(builder, text, start, end);
            }

            start = end;
        }

        return builder.ToString();
    }

    /// <summary>
    /// The question's own words found in the article (longest runs of two or more letters), so "预备期多长时间"
    /// bolds 预备期 even when the index matched a longer or rewritten form of it.
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

    private static IEnumerable<(int Start, int Length)> SplitLines(string text, int start, int end)
    {
        var from = start;
        for (var i = start; i < end; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                yield return (from, i - from);
                yield return (i, 1);
                from = i + 1;
            }
        }

        yield return (from, end - from);
    }

    private static void AppendEscaped(StringBuilder builder, string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            var lineStart = i == 0 || text[i - 1] == '\n';
            if (Special.Contains(c, StringComparison.Ordinal) || (lineStart && c is '-' or '+'))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }
    }
}
