using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>Reading the Regulations cards the bot sent, and importing the 党章 (the copy bundled in the repository).</summary>
internal static class RegulationsTestKit
{
    public static string DangzhangPath => Path.Combine(SharedData.RepositoryRoot, "src", "OrgLife.Bot", "Features", "Regulations", "Samples", "dangzhang-2022.md");

    /// <summary>Imports the 党章 for every organisation, as <c>kb import</c> does.</summary>
    public static async Task ImportDangzhangAsync(BotApplication app)
    {
        await using var scope = app.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<KnowledgeImporter>();
        var reports = await importer.ImportAsync([(DangzhangPath, await File.ReadAllBytesAsync(DangzhangPath))], KnowledgeOwner.Operator("test"), CancellationToken.None);
        // The 党章 is bundled: importing the same text again leaves the stored copy as it is.
        Assert.Contains(reports[0].Outcome, (ImportOutcome[])[ImportOutcome.Imported, ImportOutcome.Unchanged]);
    }

    public static JsonObject? Card(ReceivedActivity activity) =>
        activity.Activity.Attachments?.FirstOrDefault(a => a.ContentType == "application/vnd.microsoft.card.adaptive")?.Content as JsonObject;

    /// <summary>Every text of a card (TextBlocks, button titles, input labels), one per line.</summary>
    public static string Text(JsonNode? card)
    {
        var builder = new StringBuilder();
        Collect(card, builder);
        return builder.ToString();
    }

    /// <summary>The first action whose verb (Execute) or data.verb (Submit) is <paramref name="verb"/>, with its data.</summary>
    public static JsonObject Action(JsonNode? card, string verb, int skip = 0) =>
        Actions(card).Where(a => (a["verb"]?.GetValue<string>() ?? a["data"]?["verb"]?.GetValue<string>()) == verb).Skip(skip).FirstOrDefault()
        ?? throw new Xunit.Sdk.XunitException($"No action {verb} in card: {card?.ToJsonString()}");

    /// <summary>The card an invoke answered with (Action.Execute replaced the clicked card).</summary>
    public static JsonNode? InvokeCard(JsonNode? response)
    {
        Assert.Equal("application/vnd.microsoft.card.adaptive", response?["type"]?.GetValue<string>());
        return response!["value"];
    }

    public static JsonObject DataOf(JsonObject action) => (JsonObject)action["data"]!.DeepClone();

    private static IEnumerable<JsonObject> Actions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValue<string>() is "Action.Execute" or "Action.Submit")
                {
                    yield return obj;
                }

                foreach (var (key, child) in obj)
                {
                    if (key != "fallback")
                    {
                        foreach (var a in Actions(child))
                        {
                            yield return a;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var a in Actions(child))
                    {
                        yield return a;
                    }
                }

                break;
        }
    }

    private static void Collect(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in new[] { "text", "title", "label" })
                {
                    if (obj[key] is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        builder.AppendLine(s);
                    }
                }

                foreach (var (key, child) in obj)
                {
                    if (key != "fallback")
                    {
                        Collect(child, builder);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, builder);
                }

                break;
        }
    }
}
