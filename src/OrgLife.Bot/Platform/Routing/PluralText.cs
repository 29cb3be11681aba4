using Microsoft.Extensions.Localization;

namespace OrgLife.Bot.Platform.Routing;

/// <summary>
/// Counted phrases: English says "1 duty" but "2 duties", Chinese has one form. A resource key may have a
/// <c>&lt;key&gt;_one</c> variant, used when the count is one; every other count takes the key itself.
/// </summary>
internal static class PluralText
{
    public static LocalizedString Plural(this IStringLocalizer text, string key, int count, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (count == 1 && text[key + "_one", arguments] is { ResourceNotFound: false } one)
        {
            return one;
        }

        return text[key, arguments];
    }
}
