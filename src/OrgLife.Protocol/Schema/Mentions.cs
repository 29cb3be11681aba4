using System.Text.RegularExpressions;

namespace OrgLife.Protocol.Schema;

/// <summary>Reading Teams @mentions.</summary>
public static partial class Mentions
{
    /// <summary>Mentions in the activity, the bot's own excluded when <paramref name="exceptId"/> is given.</summary>
    public static IReadOnlyList<ChannelAccount> GetMentions(this Activity activity, string? exceptId = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Entities is null
            ? []
            : [.. activity.Entities
                .Where(e => e.Type == "mention" && e.Mentioned?.Id is not null && e.Mentioned.Id != exceptId)
                .Select(e => e.Mentioned!)
                .DistinctBy(m => m.Id)];
    }

    /// <summary>
    /// The text with the recipient's (bot's) mention removed and any other <c>&lt;at&gt;Name&lt;/at&gt;</c>
    /// turned into <c>@Name</c>, trimmed: what commands are parsed from.
    /// </summary>
    public static string GetCommandText(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if (entity.Type == "mention" && entity.Mentioned?.Id == botId && !string.IsNullOrEmpty(entity.Text))
            {
                text = text.Replace(entity.Text, " ", StringComparison.Ordinal);
            }
        }

        text = AtTag().Replace(text, m => "@" + m.Groups[1].Value.Trim());
        return Whitespace().Replace(System.Net.WebUtility.HtmlDecode(text), " ").Trim();
    }

    [GeneratedRegex("<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
