using System.Globalization;
using System.Text.RegularExpressions;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>A calendar month or quarter in the organisation's time zone: "2026-10", "2026Q3", "2026年10月", "2026年第3季度".</summary>
internal sealed partial record StatsPeriod(int Year, int FirstMonth, int Months)
{
    public bool IsQuarter => Months == 3;

    public string Label => IsQuarter
        ? string.Create(CultureInfo.InvariantCulture, $"{Year}Q{((FirstMonth - 1) / 3) + 1}")
        : string.Create(CultureInfo.InvariantCulture, $"{Year}-{FirstMonth:00}");

    /// <summary>The months of the period, each as (year, month).</summary>
    public IEnumerable<(int Year, int Month)> EachMonth() => Enumerable.Range(0, Months).Select(i => (Year, FirstMonth + i));

    public DateTimeOffset StartIn(TimeZoneInfo zone) => StartOfMonth(Year, FirstMonth, zone);

    public DateTimeOffset EndIn(TimeZoneInfo zone) => FirstMonth + Months > 12
        ? StartOfMonth(Year + 1, FirstMonth + Months - 12, zone)
        : StartOfMonth(Year, FirstMonth + Months, zone);

    public static StatsPeriod CurrentQuarter(DateTimeOffset localNow) => new(localNow.Year, ((localNow.Month - 1) / 3 * 3) + 1, 3);

    public static StatsPeriod Month(int year, int month) => new(year, month, 1);

    public static bool TryParse(string text, out StatsPeriod period)
    {
        period = null!;
        var value = (text ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        if (Quarter().Match(value) is { Success: true } q)
        {
            var quarter = (q.Groups[2].Success ? q.Groups[2].Value : q.Groups[3].Value) switch { "一" => 1, "二" => 2, "三" => 3, "四" => 4, var digit => int.Parse(digit, CultureInfo.InvariantCulture) };
            period = new StatsPeriod(int.Parse(q.Groups[1].Value, CultureInfo.InvariantCulture), ((quarter - 1) * 3) + 1, 3);
            return true;
        }

        if (MonthPattern().Match(value) is { Success: true } m)
        {
            var month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (month is >= 1 and <= 12)
            {
                period = new StatsPeriod(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), month, 1);
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset StartOfMonth(int year, int month, TimeZoneInfo zone)
    {
        var local = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    [GeneratedRegex(@"^(\d{4})(?:-?[Qq]([1-4])|年第?([1-4一二三四])季度)$")]
    private static partial Regex Quarter();

    [GeneratedRegex(@"^(\d{4})(?:-|年|/)(\d{1,2})月?$")]
    private static partial Regex MonthPattern();
}
