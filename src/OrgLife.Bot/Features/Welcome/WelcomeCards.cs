using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Cards;
using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Features.Welcome;

/// <summary>The welcome card (on install) and the help card, built from every feature's help lines.</summary>
internal sealed class WelcomeCards(CardTemplates cards, IOptions<RouteTable> routes, IStringLocalizerFactory localizers, IStringLocalizer<BotStrings> text)
{
    // At most this many command buttons: Teams shows long action sets poorly.
    private const int MaxButtons = 5;

    public JsonObject Welcome(BotTurn turn) => cards.Render("common/welcome", new
    {
        title = text["WelcomeTitle"].Value,
        body = text["WelcomeBody"].Value,
        // Teams does not always name the installer (group chat installs); then say it without a name.
        admin = string.IsNullOrWhiteSpace(turn.User.Name) ? text["WelcomeAdminUnnamed"].Value : text["WelcomeAdmin", turn.User.Name].Value,
        helpButton = text["WelcomeHelpButton"].Value,
        helpCommand = text["HelpCommand"].Value,
    });

    // The help card depends only on the language and the route table, so it is built once per language and
    // kept as an immutable JSON element: each use wraps it in a new JsonObject, which writes the element as it
    // is (no per-turn copy of the whole tree) and copies it only if a caller changes it.
    private readonly ConcurrentDictionary<string, JsonElement> _help = new(StringComparer.Ordinal);

    /// <summary>The help card in <paramref name="culture"/>, whatever the current one is.</summary>
    public JsonObject Help(CultureInfo culture) =>
        JsonObject.Create(_help.GetOrAdd(culture.Name, _ => Freeze(BuildHelp(culture))))!;

    private static JsonElement Freeze(JsonObject card)
    {
        using var document = JsonDocument.Parse(card.ToJsonString());
        return document.RootElement.Clone();
    }

    private JsonObject BuildHelp(CultureInfo culture)
    {
        using var _ = BotCulture.Use(culture);
        var lines = routes.Value.Help.OrderBy(h => h.Order).Select(h => h.Localize(localizers)).ToList();
        return cards.Render("common/help", new
        {
            title = text["HelpTitle"].Value,
            intro = text["HelpIntro"].Value,
            commands = lines.Select(l => new { command = l.Command, description = l.Description }),
            // Buttons only for commands that take no argument (no "@someone", no "12").
            buttons = lines.Where(l => !l.Command.Contains('@', StringComparison.Ordinal) && !l.Command.Any(char.IsDigit))
                .Take(MaxButtons).Select(l => new { command = l.Command }),
            languageButton = text["HelpLanguageButton"].Value,
            otherLanguage = culture.IsEnglish() ? BotCulture.Chinese.Name : BotCulture.English.Name,
        });
    }
}
