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
    // At most this many command buttons: Teams folds longer action sets into a menu.
    private const int MaxButtons = 6;

    public JsonObject Welcome(BotTurn turn) => cards.Render("common/welcome", new
    {
        title = text["WelcomeTitle"].Value,
        body = text["WelcomeBody"].Value,
        // In a 1:1 chat there is nobody to appoint: say where that happens instead of "设为书记 @某人".
        // Teams does not always name the installer (group chat installs); then say it without a name.
        admin = turn.IsPersonal ? text["WelcomePersonal"].Value
            : string.IsNullOrWhiteSpace(turn.User.Name) ? text["WelcomeAdminUnnamed"].Value : text["WelcomeAdmin", turn.User.Name].Value,
        helpButton = text["WelcomeHelpButton"].Value,
        helpCommand = text["HelpCommand"].Value,
    });

    /// <summary>A short answer to small talk, or to a message with no word the bot knows, with the help buttons.</summary>
    public JsonObject Greeting(GreetingKind? kind) => cards.Render("common/greeting", new
    {
        title = text[kind switch
        {
            GreetingKind.Hello => "GreetingHello",
            GreetingKind.Thanks => "GreetingThanks",
            GreetingKind.Okay => "GreetingOkay",
            GreetingKind.Goodbye => "GreetingGoodbye",
            _ => "GreetingNotUnderstood",
        }].Value,
        body = text[kind is null ? "GreetingNotUnderstoodBody" : "GreetingBody"].Value,
        buttons = Buttons(routes.Value.Help.OrderBy(h => h.Order).Select(h => (h, h.Localize(localizers))).ToList()),
        helpButton = text["WelcomeHelpButton"].Value,
        helpCommand = text["HelpCommand"].Value,
    });

    private static IEnumerable<object> Buttons(List<(HelpEntry Entry, (string Command, string Description) Text)> lines) =>
        lines.Where(l => l.Entry.Button).Take(MaxButtons).Select(l => new { command = l.Text.Command });

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
        var lines = routes.Value.Help.OrderBy(h => h.Order).Select(h => (h, h.Localize(localizers))).ToList();
        return cards.Render("common/help", new
        {
            title = text["HelpTitle"].Value,
            intro = text["HelpIntro"].Value,
            commands = lines.Select(l => new { command = l.Item2.Command, description = l.Item2.Description }),
            buttons = Buttons(lines),
            languageButton = text["HelpLanguageButton"].Value,
            otherLanguage = culture.IsEnglish() ? BotCulture.Chinese.Name : BotCulture.English.Name,
        });
    }
}
