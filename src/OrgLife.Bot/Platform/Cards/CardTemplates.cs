using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrgLife.Bot.Platform.Cards;

/// <summary>
/// Adaptive Card templates from <c>cards/&lt;feature&gt;/&lt;name&gt;.json</c> (embedded), bound to typed data.
/// Binding works on the JSON tree, never on text, so user input can neither break nor inject into a card, and
/// every value bound into text the host reads as markdown (TextBlock text, facts) is escaped by
/// <see cref="CardMarkdown"/>: data is always shown as typed.
/// The expression language is a subset of Adaptive Cards Templating, so a later move to the official
/// templating package is mechanical:
/// <list type="bullet">
/// <item><c>"${path}"</c> as a whole string takes the bound value with its JSON type (number, bool, object, array);</item>
/// <item><c>"text ${path} text"</c> interpolates the value's text;</item>
/// <item><c>"$data": "${path}"</c> on an object inside an array repeats the object for each item (or switches context for an object); missing data drops the object;</item>
/// <item><c>"$when": "${path}"</c> / <c>"${!path}"</c> drops the object when the value is falsy / truthy;</item>
/// <item>a property bound to missing data is left out (never <c>null</c>), and an action left without its
/// title, verb or url is dropped, so no card shows a blank button;</item>
/// <item>paths are dotted (<c>a.b.c</c>), may index arrays (<c>items[0]</c>), and <c>$root.x</c> reaches the top data.</item>
/// </list>
/// </summary>
internal sealed partial class CardTemplates
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);
    private readonly FrozenDictionary<string, JsonObject> _templates;

    public CardTemplates()
        : this(typeof(CardTemplates).Assembly, [])
    {
    }

    /// <summary>The embedded templates plus those features registered with <see cref="CardTemplateRegistration.AddCardTemplate"/>.</summary>
    public CardTemplates(IEnumerable<CardTemplateSource> registered)
        : this(typeof(CardTemplates).Assembly, registered)
    {
    }

    internal CardTemplates(Assembly assembly, IEnumerable<CardTemplateSource> registered)
    {
        var templates = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("cards/", StringComparison.Ordinal) || resource.EndsWith(".data.json", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            var name = resource["cards/".Length..^".json".Length];
            templates[name] = JsonNode.Parse(stream) as JsonObject
                ?? throw new InvalidOperationException($"Card template {resource} is not a JSON object.");
        }

        foreach (var source in registered)
        {
            var template = JsonNode.Parse(source.Json) as JsonObject
                ?? throw new InvalidOperationException($"Card template {source.Name} is not a JSON object.");
            if (!templates.TryAdd(source.Name, template))
            {
                throw new InvalidOperationException($"The card template '{source.Name}' exists twice.");
            }
        }

        _templates = templates.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Template names, e.g. <c>common/help</c>.</summary>
    public IEnumerable<string> Names => _templates.Keys;

    /// <summary>Binds template <paramref name="name"/> (e.g. <c>attendance/meeting</c>) to <paramref name="data"/>.</summary>
    public JsonObject Render(string name, object data)
    {
        if (!_templates.TryGetValue(name, out var template))
        {
            throw new ArgumentException($"No card template named '{name}'.", nameof(name));
        }

        var root = data as JsonNode ?? JsonSerializer.SerializeToNode(data, data.GetType(), DataJson);
        return (JsonObject)Bind(template, root, root)!;
    }

    private static JsonNode? Bind(JsonNode? node, JsonNode? context, JsonNode? root, bool markdown = false) => node switch
    {
        JsonObject obj => BindObject(obj, context, root),
        JsonArray array => BindArray(array, context, root, facts: false),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => BindString(value.GetValue<string>(), context, root, markdown),
        null => null,
        _ => node.DeepClone(),
    };

    private static JsonArray BindArray(JsonArray array, JsonNode? context, JsonNode? root, bool facts)
    {
        var result = new JsonArray();
        foreach (var item in array)
        {
            if (item is JsonObject obj && obj["$data"] is JsonValue dataExpr && dataExpr.GetValueKind() == JsonValueKind.String)
            {
                // Missing data repeats nothing: an optional button without its data disappears instead of
                // showing up blank.
                var data = Evaluate(dataExpr.GetValue<string>(), context, root);
                var items = data switch
                {
                    null => [],
                    JsonArray many => many.ToList(),
                    _ => [data],
                };
                foreach (var itemContext in items)
                {
                    if (BindObject(obj, itemContext, root, contextApplied: true, fact: facts) is { } bound)
                    {
                        result.Add(bound);
                    }
                }

                continue;
            }

            var boundItem = item is JsonObject plain ? BindObject(plain, context, root, fact: facts) : Bind(item, context, root);
            if (item is not JsonObject || boundItem is not null)
            {
                result.Add(boundItem);
            }
        }

        return result;
    }

    private static JsonObject? BindObject(JsonObject obj, JsonNode? context, JsonNode? root, bool contextApplied = false, bool fact = false)
    {
        if (!contextApplied && obj["$data"] is JsonValue dataExpr && dataExpr.GetValueKind() == JsonValueKind.String)
        {
            context = Evaluate(dataExpr.GetValue<string>(), context, root);
            if (context is null)
            {
                return null;
            }
        }

        if (obj["$when"] is JsonValue when && when.GetValueKind() == JsonValueKind.String && !IsTruthy(EvaluateCondition(when.GetValue<string>(), context, root)))
        {
            return null;
        }

        var isTextBlock = obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "TextBlock";
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is "$data" or "$when")
            {
                continue;
            }

            // Hosts render markdown in TextBlock text and in facts; bound values there are escaped.
            var markdown = (isTextBlock && key == "text") || (fact && key is "title" or "value");
            var bound = key == "facts" && value is JsonArray facts
                ? BindArray(facts, context, root, facts: true)
                : Bind(value, context, root, markdown);

            // A property whose data is missing is left out rather than sent as null ("title": null).
            if (bound is not null || value is null)
            {
                result[key] = bound;
            }
        }

        return IsBlankAction(result) ? null : result;
    }

    /// <summary>
    /// An action whose title, verb or link came out empty would be a blank or dead button: it is dropped, as
    /// an optional action without its data should be.
    /// </summary>
    private static bool IsBlankAction(JsonObject action) =>
        action["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() is { } name
        && name.StartsWith("Action.", StringComparison.Ordinal)
        && (IsEmpty(action["title"]) && action["iconUrl"] is null
            || (name == "Action.Execute" && IsEmpty(action["verb"]))
            || (name == "Action.OpenUrl" && IsEmpty(action["url"])));

    private static bool IsEmpty(JsonNode? node) =>
        node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetValue<string>());

    private static JsonNode? BindString(string text, JsonNode? context, JsonNode? root, bool markdown)
    {
        var whole = WholeExpression().Match(text);
        if (whole.Success)
        {
            var value = Evaluate(text, context, root);
            return markdown && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? JsonValue.Create(CardMarkdown.Escape(v.GetValue<string>()))
                : value?.DeepClone();
        }

        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return JsonValue.Create(text);
        }

        var interpolated = Expression().Replace(text, m =>
        {
            var piece = AsText(Resolve(m.Groups[1].Value.Trim(), context, root));
            return markdown ? CardMarkdown.Escape(piece) : piece;
        });
        return JsonValue.Create(interpolated);
    }

    private static JsonNode? Evaluate(string expression, JsonNode? context, JsonNode? root)
    {
        var match = WholeExpression().Match(expression);
        return match.Success ? Resolve(match.Groups[1].Value.Trim(), context, root) : JsonValue.Create(expression);
    }

    private static bool? EvaluateCondition(string expression, JsonNode? context, JsonNode? root)
    {
        var match = WholeExpression().Match(expression);
        if (!match.Success)
        {
            return expression.Length > 0;
        }

        var path = match.Groups[1].Value.Trim();
        var negate = path.StartsWith('!');
        var truthy = IsTruthy(Resolve(negate ? path[1..].Trim() : path, context, root));
        return negate ? !truthy : truthy;
    }

    private static JsonNode? Resolve(string path, JsonNode? context, JsonNode? root)
    {
        if (path == "$data")
        {
            return context;
        }

        var current = context;
        var segments = path.Split('.');
        var start = 0;
        if (segments[0] == "$root")
        {
            current = root;
            start = 1;
        }

        for (var i = start; i < segments.Length && current is not null; i++)
        {
            var segment = segments[i];
            var indexAt = segment.IndexOf('[', StringComparison.Ordinal);
            var name = indexAt >= 0 ? segment[..indexAt] : segment;
            if (name.Length > 0)
            {
                current = current is JsonObject o ? o[name] : null;
            }

            while (indexAt >= 0 && current is JsonArray arr)
            {
                var close = segment.IndexOf(']', indexAt);
                var index = int.Parse(segment[(indexAt + 1)..close], CultureInfo.InvariantCulture);
                current = index < arr.Count ? arr[index] : null;
                indexAt = segment.IndexOf('[', close);
            }
        }

        return current;
    }

    private static bool IsTruthy(bool? value) => value == true;

    private static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonObject => true,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => v.GetValue<double>() != 0,
            _ => true,
        },
        _ => true,
    };

    private static string AsText(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    [GeneratedRegex(@"^\$\{([^{}]+)\}$")]
    private static partial Regex WholeExpression();

    [GeneratedRegex(@"\$\{([^{}]+)\}")]
    private static partial Regex Expression();
}

/// <summary>A card template a feature registers in code (a feature outside this assembly, e.g. in tests).</summary>
internal sealed record CardTemplateSource(string Name, string Json);

internal static class CardTemplateRegistration
{
    /// <summary>
    /// Adds a template under <paramref name="name"/> (<c>feature/card</c>). Features of this assembly keep theirs in
    /// <c>cards/&lt;feature&gt;/</c> (embedded); this is for features that live elsewhere.
    /// </summary>
    public static IServiceCollection AddCardTemplate(this IServiceCollection services, string name, string json) =>
        services.AddSingleton(new CardTemplateSource(name, json));
}
