using System.Text.Json;
using System.Text.Json.Nodes;
using OrgLife.Bot.Tests.Platform.Cards;
using OrgLife.EndToEnd.Tests.Playground;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Cards;

/// <summary>
/// Every template in <c>cards/</c> as the bot sends it: bound by the bot's own binder with its sample data and
/// once with each part of that data missing (<see cref="SampleRenders"/>), then parsed and rendered by Microsoft's
/// <c>adaptivecards</c> package. A button without a title, an Execute without a verb or a link without a url fails.
/// </summary>
public sealed class RenderedCardTests
{
    [RequiresFact(Requirement.Node)]
    public async Task EveryTemplate_BoundByTheBot_WithSampleDataOrAnyPartMissing_ParsesCleanly_WithEveryActionComplete()
    {
        // With the full sample every check applies; with a part missing (a handler leaving out something optional)
        // the buttons must still be whole — a missing heading is a handler's bug the host tests catch, not a card's.
        var complete = Directory.CreateTempSubdirectory("orglife-bound-cards-").FullName;
        var partial = Directory.CreateTempSubdirectory("orglife-partial-cards-").FullName;
        try
        {
            var counts = new Dictionary<string, int> { [complete] = 0, [partial] = 0 };
            foreach (var (name, variant, card) in SampleRenders.All())
            {
                var folder = variant == "sample" ? complete : partial;
                var file = Path.Combine(folder, name, FileName(variant) + ".json");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, card.ToJsonString());
                counts[folder]++;
            }

            var full = await NodeScript.RunAsync("check-cards.cjs", complete, "--bound");
            var actions = await NodeScript.RunAsync("check-cards.cjs", partial, "--bound", "--actions-only");

            Assert.True(full.ExitCode == 0, "Cards bound with their sample data (node check-cards.cjs --bound):\n" + full.Output);
            Assert.True(actions.ExitCode == 0, "Cards bound with a part missing (node check-cards.cjs --bound --actions-only):\n" + actions.Output);
            Assert.Contains($"{counts[complete]} template(s), 0 problem(s)", full.Output, StringComparison.Ordinal);
            Assert.Contains($"{counts[partial]} template(s), 0 problem(s)", actions.Output, StringComparison.Ordinal);
            Assert.True(counts[partial] > 3 * counts[complete], $"{counts[partial]} partial renders of {counts[complete]} templates");
        }
        finally
        {
            Directory.Delete(complete, recursive: true);
            Directory.Delete(partial, recursive: true);
        }
    }

    [RequiresFact(Requirement.Node)]
    public async Task BoundCardChecker_ReportsBlankButtons()
    {
        // Guards the check above: what the issue saw on five cards (title/url/verb null or empty) must fail it.
        var folder = Directory.CreateTempSubdirectory("orglife-bound-cards-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "blank.json"), """
                {"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"${left}"}],
                 "actions":[{"type":"Action.OpenUrl","title":"导出","url":""},{"type":"Action.Submit","title":" ","data":{"verb":"x.y"}},
                            {"type":"Action.Execute","title":"名单","verb":""}]}
                """);

            var result = await NodeScript.RunAsync("check-cards.cjs", folder, "--bound");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("blank.json: $.actions[0]: Action.OpenUrl without url", result.Output, StringComparison.Ordinal);
            Assert.Contains("blank.json: $.actions[1]: Action.Submit without title", result.Output, StringComparison.Ordinal);
            Assert.Contains("blank.json: $.actions[2]: Action.Execute without verb", result.Output, StringComparison.Ordinal);
            Assert.Contains("unresolved binding", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [RequiresFact(Requirement.Node | Requirement.Chromium)]
    public async Task EveryTemplate_RenderedByAdaptiveCardsInChromium_ShowsNoBlankButton()
    {
        var cards = SampleRenders.All().Select(r => new JsonObject { ["name"] = $"{r.Name} ({r.Variant})", ["card"] = r.Card }).ToList();

        var results = await CardRenderer.RenderAsync(cards);

        Assert.Equal(cards.Count, results.Count);
        Assert.All(results, r => Assert.True(r.Problems.Count == 0, $"{r.Name}: {string.Join("; ", r.Problems)}"));
        // The samples do have buttons: a renderer that drew none would prove nothing.
        Assert.True(results.Sum(r => r.Buttons) > cards.Count, $"only {results.Sum(r => r.Buttons)} buttons in {cards.Count} cards");
    }

    [RequiresFact(Requirement.Node | Requirement.Chromium)]
    public async Task Renderer_SeesABlankButton()
    {
        var blank = JsonNode.Parse("""
            {"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"名单"}],
             "actions":[{"type":"Action.Submit","title":"刷新","data":{"verb":"x.y"}},{"type":"Action.Submit","data":{"verb":"x.z"}}]}
            """)!.AsObject();

        var result = Assert.Single(await CardRenderer.RenderAsync([new JsonObject { ["name"] = "blank", ["card"] = blank }]));

        Assert.Equal(2, result.Buttons);
        Assert.Equal(["button 1 has no title"], result.Problems);
    }

    private static string FileName(string variant) => string.Concat(variant.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}

/// <summary>Renders cards with the <c>adaptivecards</c> package (the one Teams-like hosts use) in headless Chromium.</summary>
internal static class CardRenderer
{
    /// <summary>What one card rendered to: its pushed buttons and what is wrong with them.</summary>
    internal sealed record Result(string Name, int Buttons, IReadOnlyList<string> Problems);

    // Parses each card for Adaptive Cards 1.5 (Teams' limit), renders it into the page and reads every button back.
    private const string RenderScript = """
        (text) => JSON.stringify(JSON.parse(text).map(({ name, card }) => {
          const problems = [];
          const adaptive = new AdaptiveCards.AdaptiveCard();
          const context = new AdaptiveCards.SerializationContext();
          context.targetVersion = AdaptiveCards.Versions.v1_5;
          adaptive.parse(card, context);
          for (let i = 0; i < context.eventCount; i++) problems.push('parse: ' + context.getEventAt(i).message);
          const element = adaptive.render();
          if (!element) return { name, buttons: 0, problems: [...problems, 'rendered nothing'] };
          document.body.appendChild(element);
          const buttons = [...element.querySelectorAll('button')];
          buttons.forEach((b, i) => {
            const label = (b.textContent || '').trim() || b.getAttribute('aria-label') || b.getAttribute('title');
            if (!label) problems.push(`button ${i} has no title`);
          });
          element.remove();
          return { name, buttons: buttons.length, problems };
        }))
        """;

    public static async Task<IReadOnlyList<Result>> RenderAsync(IReadOnlyList<JsonObject> cards)
    {
        Requirements.Ensure(Requirement.Node | Requirement.Chromium);
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Requirements.ChromiumPath,
            Headless = true,
            Args = PlaygroundFixture.ChromiumArgs,
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.SetContentAsync("<!doctype html><html><body></body></html>");
        await page.AddScriptTagAsync(new() { Path = Path.Combine(RepositoryPaths.NodeFolder, "node_modules", "adaptivecards", "dist", "adaptivecards.min.js") });

        var text = await page.EvaluateAsync<string>(RenderScript, new JsonArray([.. cards.Select(c => c.DeepClone())]).ToJsonString());
        using var json = JsonDocument.Parse(text);
        return [.. json.RootElement.EnumerateArray().Select(r => new Result(
            r.GetProperty("name").GetString()!,
            r.GetProperty("buttons").GetInt32(),
            [.. r.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!)]))];
    }
}
