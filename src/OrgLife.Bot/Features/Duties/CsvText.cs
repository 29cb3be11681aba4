using System.Text;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// RFC 4180 CSV, both ways: quoted fields with doubled quotes and line breaks, comma or (when the header has more of
/// them) semicolon/tab delimiters as Excel writes them in some locales. Small enough not to need a package.
/// </summary>
internal static class CsvText
{
    private static readonly char[] Delimiters = [',', ';', '\t'];

    public static IReadOnlyList<string[]> Read(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        var delimiter = Delimiters.OrderByDescending(d => firstLine.Count(c => c == d)).First();
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return rows;
    }

    public static string Write(IEnumerable<IEnumerable<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }

        return text.ToString();
    }

    // Quotes when needed; a leading =, +, - or @ is defused so a spreadsheet never runs user text as a formula.
    private static string Quote(string field)
    {
        var safe = field.Length > 0 && field[0] is '=' or '+' or '-' or '@' ? "'" + field : field;
        return safe.AsSpan().IndexOfAny(",\"\r\n;") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
