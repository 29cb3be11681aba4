using System.Text.Json.Nodes;
using OrgLife.Bot.Tests.Platform.Cards;

namespace OrgLife.EndToEnd.Tests.Playground;

/// <summary>
/// What every scenario checks on every card it saw: no action without a title, verb or url in the card JSON the bot
/// sent (<see cref="SampleRenders.Problems"/>), and no blank button among those the playground drew.
/// </summary>
internal static class CardChecks
{
    public static async Task AssertNoBlankButtonsAsync(TeamsClient teams)
    {
        var problems = teams.ReceivedCards
            .SelectMany((card, i) => SampleRenders.Problems(card).Select(p => $"card {i} ({First(TeamsClient.CardText(card))}): {p}"))
            .ToList();

        // The emulator renders with the adaptivecards package: a button it drew without any text is what a user sees.
        var labels = await teams.Page.Locator(".ac-adaptiveCard button").EvaluateAllAsync<string[]>(
            "buttons => buttons.map(b => (b.textContent || '').trim() || b.getAttribute('aria-label') || b.getAttribute('title') || '')");
        problems.AddRange(labels.Select((label, i) => (label, i)).Where(b => b.label.Length == 0).Select(b => $"rendered button {b.i} has no title"));

        Assert.True(problems.Count == 0, $"{teams.ReceivedCards.Count} cards, {labels.Length} rendered buttons; blank actions:\n{string.Join("\n", problems)}");
    }

    private static string First(string text) => text.Split('\n', 2)[0] is var line && line.Length > 40 ? line[..40] : text.Split('\n', 2)[0];
}
