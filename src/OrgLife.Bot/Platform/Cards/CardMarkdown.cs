using System.Text;

namespace OrgLife.Bot.Platform.Cards;

/// <summary>
/// Escaping for the markdown subset Adaptive Card hosts render in <c>TextBlock.text</c> and facts. The card
/// binder applies it to every bound value in those places, so a title like <c>[link](http://evil)</c>,
/// <c>**x**</c> or <c>&lt;img&gt;</c> shows as typed; only the template's own literal text can carry markdown.
/// CommonMark backslash escapes are used: a markdown renderer shows the character, not the backslash.
/// </summary>
internal static class CardMarkdown
{
    // Characters markdown reads anywhere in a line (emphasis, links, images, code, raw HTML, tables).
    private const string Inline = "\\*_[]()`~<>|";

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (NeedsEscape(text, i))
            {
                builder ??= new StringBuilder(text.Length + 8).Append(text, 0, i);
                builder.Append('\\');
            }

            builder?.Append(c);
        }

        return builder?.ToString() ?? text;
    }

    private static bool NeedsEscape(string text, int i)
    {
        var c = text[i];
        if (Inline.Contains(c, StringComparison.Ordinal))
        {
            return true;
        }

        // Block syntax counts only at the start of a line: headings, quotes, bullets, setext underlines and
        // numbered items ("1.").
        if (c is '#' or '-' or '+' or '=')
        {
            return StartsLine(text, i);
        }

        if (c == '.')
        {
            var digits = i;
            while (digits > 0 && char.IsAsciiDigit(text[digits - 1]))
            {
                digits--;
            }

            return digits < i && StartsLine(text, digits);
        }

        return false;
    }

    private static bool StartsLine(string text, int at)
    {
        while (at > 0 && text[at - 1] is ' ' or '\t')
        {
            at--;
        }

        return at == 0 || text[at - 1] is '\n' or '\r';
    }
}
