using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Platform.Routing;

/// <summary>
/// The words of every command live in the features' route registrations; the help card (both languages) and the
/// two manifest command lists must agree with them, so a user never meets a command that help hides or a
/// manifest suggestion the bot does not understand.
/// </summary>
public sealed class CommandWordsTests
{
    private static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en-US")];

    [Fact]
    public async Task EveryListedCommand_IsOnTheHelpCard_InBothLanguages()
    {
        var (routes, help) = await RoutesAndHelpAsync();

        var missing = new List<string>();
        foreach (var culture in Cultures)
        {
            var lines = help[culture.Name];
            // A command with Chinese words must be on the Chinese card, one with English words on the English card;
            // a line's description may name a variant ("设为领导 @某人" beside "设为书记 @某人").
            var english = culture.Name.StartsWith("en", StringComparison.Ordinal);
            missing.AddRange(routes.CommandWords
                .Where(c => !c.Unlisted && c.Phrases.Any(p => p.Any(char.IsAsciiLetter) == english))
                .Where(c => !lines.Any(line => c.Phrases.Any(p => Names(line.Command, p) || Mentions(line.Description, p))))
                .Select(c => $"{culture.Name}: {string.Join(" / ", c.Phrases)}"));
        }

        Assert.True(missing.Count == 0, "Commands missing from the help card:\n" + string.Join('\n', missing));
    }

    [Fact]
    public async Task EveryHelpLine_NamesARoutedCommand()
    {
        var (routes, help) = await RoutesAndHelpAsync();

        var unrouted = help.SelectMany(h => h.Value.Where(line => !routes.TryMatch(line.Command, out _, out _)).Select(line => $"{h.Key}: {line.Command}")).ToList();

        Assert.True(unrouted.Count == 0, "Help lines the bot does not understand:\n" + string.Join('\n', unrouted));
    }

    [Fact]
    public async Task EveryManifestCommand_IsRouted()
    {
        var (routes, _) = await RoutesAndHelpAsync();
        var manifestFolder = Path.Combine(SharedData.RepositoryRoot, "manifest");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(manifestFolder, "manifest.json")))!;
        var english = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(manifestFolder, "en-US.json")))!.AsObject();
        var titles = manifest["bots"]!.AsArray().SelectMany(b => b!["commandLists"]!.AsArray())
            .SelectMany(l => l!["commands"]!.AsArray()).Select(c => (string)c!["title"]!)
            .Concat(english.Where(p => p.Key.StartsWith("bots[", StringComparison.Ordinal) && p.Key.EndsWith(".title", StringComparison.Ordinal)).Select(p => (string)p.Value!))
            .Distinct().ToList();

        Assert.NotEmpty(titles);
        var unrouted = titles.Where(t => !routes.TryMatch(t, out _, out _)).ToList();
        Assert.True(unrouted.Count == 0, "Manifest commands the bot does not understand: " + string.Join(", ", unrouted));
    }

    /// <summary>A help line names a phrase when it is the phrase, or starts with it followed by arguments.</summary>
    private static bool Names(string line, string phrase)
    {
        var text = line.Trim().ToLowerInvariant();
        var word = phrase.Trim().ToLowerInvariant();
        return text == word || (text.StartsWith(word, StringComparison.Ordinal) && !char.IsAsciiLetter(text[word.Length]));
    }

    /// <summary>A description mentions a phrase as a whole word.</summary>
    private static bool Mentions(string description, string phrase)
    {
        var text = description.ToLowerInvariant();
        var word = phrase.Trim().ToLowerInvariant();
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsAsciiLetter(text[at - 1])) && (end == text.Length || !char.IsAsciiLetter(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<(RouteTable Routes, Dictionary<string, List<(string Command, string Description)>> Help)> RoutesAndHelpAsync()
    {
        await using var app = await BotApplication.StartAsync();
        var routes = app.Services.GetRequiredService<IOptions<RouteTable>>().Value;
        var localizers = app.Services.GetRequiredService<IStringLocalizerFactory>();
        var help = new Dictionary<string, List<(string Command, string Description)>>();
        foreach (var culture in Cultures)
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            try
            {
                help[culture.Name] = [.. routes.Help.Select(h => h.Localize(localizers))];
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }

        return (routes, help);
    }
}
