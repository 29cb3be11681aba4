using System.Reflection;
using System.Text.Json.Nodes;
using OrgLife.Bot.Platform.Cards;

namespace OrgLife.Bot.Tests.Platform.Cards;

/// <summary>
/// Every card template rendered by the bot's own binder with its <c>&lt;name&gt;.data.json</c> sample, and once
/// more with each top-level piece of that data missing (what a handler sends when an optional part is absent).
/// </summary>
public static class SampleRenders
{
    private static readonly CardTemplates Templates = new();

    /// <summary>(template, variant, rendered card) for every template and variant.</summary>
    public static IEnumerable<(string Name, string Variant, JsonObject Card)> All()
    {
        var assembly = typeof(CardTemplates).Assembly;
        foreach (var name in Templates.Names.Order(StringComparer.Ordinal))
        {
            var sample = Sample(assembly, name);
            yield return (name, "sample", Templates.Render(name, sample.DeepClone()));
            foreach (var key in sample.Select(p => p.Key).ToList())
            {
                var partial = (JsonObject)sample.DeepClone();
                partial.Remove(key);
                yield return (name, "without " + key, Templates.Render(name, partial));
            }
        }
    }

    /// <summary>What would show as a blank or dead button, or a null the client must guess about.</summary>
    public static IEnumerable<string> Problems(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                var type = obj["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
                // A card's refresh action (Universal Actions) is never shown as a button and needs no title.
                if (type?.StartsWith("Action.", StringComparison.Ordinal) == true && !path.EndsWith(".refresh.action", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(Text(obj["title"])))
                {
                    yield return $"{path}: {type} without a title";
                }

                if (type == "Action.Execute" && string.IsNullOrWhiteSpace(Text(obj["verb"])))
                {
                    yield return $"{path}: Action.Execute without a verb";
                }

                if (type == "Action.OpenUrl" && string.IsNullOrWhiteSpace(Text(obj["url"])))
                {
                    yield return $"{path}: Action.OpenUrl without a url";
                }

                foreach (var (key, value) in obj)
                {
                    if (value is null)
                    {
                        yield return $"{path}.{key} is null";
                    }

                    foreach (var p in Problems(value, $"{path}.{key}"))
                    {
                        yield return p;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var p in Problems(array[i], $"{path}[{i}]"))
                    {
                        yield return p;
                    }
                }

                break;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject Sample(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream($"cards/{name}.data.json")
            ?? throw new InvalidOperationException($"Template {name} has no sample data (cards/{name}.data.json).");
        return JsonNode.Parse(stream) as JsonObject ?? throw new InvalidOperationException($"cards/{name}.data.json is not an object.");
    }
}
