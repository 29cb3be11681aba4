using System.Globalization;
using System.Text;

namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>Chinese ↔ Arabic numbers as used in article labels (第一百二十三条 = 第123条).</summary>
internal static class ChineseNumerals
{
    private const string Digits = "零一二三四五六七八九";

    /// <summary>True for characters that can appear in a Chinese number (〇, 两 and 壹-style forms excluded on purpose: labels never use them).</summary>
    public static bool IsNumeralChar(char c) => c is '零' or '〇' or '两' or '十' or '百' or '千' or '万' || Digits.Contains(c, StringComparison.Ordinal);

    /// <summary>Parses 七, 十五, 一百零五, 一百二十三, 两千 or 123; null if it is not a number.</summary>
    public static int? Parse(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var arabic))
        {
            return arabic;
        }

        var total = 0;
        var section = 0;
        var digit = -1;
        foreach (var c in text)
        {
            var d = c switch
            {
                '〇' => 0,
                '两' => 2,
                _ => Digits.IndexOf(c, StringComparison.Ordinal),
            };
            if (d >= 0)
            {
                digit = d;
                continue;
            }

            var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, '万' => 10000, _ => 0 };
            if (unit == 0)
            {
                return null;
            }

            if (unit == 10000)
            {
                total = (total + section + Math.Max(digit, 0)) * unit;
                section = 0;
            }
            else
            {
                // 十五 has no leading digit: a bare unit counts as one of it.
                section += (digit < 0 ? 1 : digit) * unit;
            }

            digit = -1;
        }

        return total + section + Math.Max(digit, 0);
    }

    /// <summary>7 → 七, 15 → 十五, 105 → 一百零五, 123 → 一百二十三.</summary>
    public static string Format(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 9999);
        if (number == 0)
        {
            return "零";
        }

        var builder = new StringBuilder();
        int[] units = [1000, 100, 10, 1];
        string[] names = ["千", "百", "十", string.Empty];
        var pendingZero = false;
        for (var i = 0; i < units.Length; i++)
        {
            var d = number / units[i] % 10;
            if (d == 0)
            {
                pendingZero = builder.Length > 0;
                continue;
            }

            if (pendingZero)
            {
                builder.Append('零');
                pendingZero = false;
            }

            // 十五 not 一十五 when ten is the leading unit.
            if (!(d == 1 && units[i] == 10 && builder.Length == 0))
            {
                builder.Append(Digits[d]);
            }

            builder.Append(names[i]);
        }

        return builder.ToString();
    }

    /// <summary>7 → 第七条.</summary>
    public static string ArticleLabel(int number) => $"第{Format(number)}条";
}
