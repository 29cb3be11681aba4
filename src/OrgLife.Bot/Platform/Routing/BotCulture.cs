using System.Globalization;

namespace OrgLife.Bot.Platform.Routing;

/// <summary>
/// The two languages the bot speaks. zh-CN is the default; any English locale (en, en-US, en-GB…) gets en-US.
/// Resource lookups use <see cref="CultureInfo.CurrentUICulture"/>, which flows with the async turn.
/// </summary>
internal static class BotCulture
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static CultureInfo FromLocale(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;

    public static bool IsEnglish(this CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    /// <summary>Sets the UI culture for the rest of the current async flow (a turn or one proactive send).</summary>
    public static IDisposable Use(CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        return new Restore(previous);
    }

    private sealed class Restore(CultureInfo previous) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
