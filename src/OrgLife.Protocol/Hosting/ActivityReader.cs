using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Hosting;

/// <summary>
/// Turns a request body into an <see cref="Activity"/>. The syntax is strict (UTF-8, no comments, no trailing
/// commas): a sender that gets that wrong is broken. The content is forgiving: an optional member whose value
/// does not fit its type (a lower-case <c>localTimestamp</c>, a number where a name was expected) is moved, raw,
/// into <see cref="Activity.ExtensionData"/> under its JSON path instead of failing the activity; null entries
/// of lists are dropped. Only the members a turn cannot do without fail it.
/// </summary>
internal static class ActivityReader
{
    // A member is dropped at most this many times per body: each retry parses the body again, so the cost stays
    // a small multiple of one parse whatever the sender does.
    private const int MaxDroppedMembers = 8;

    private static readonly string[] Essential = ["$", "$.type", "$.serviceUrl", "$.conversation", "$.conversation.id"];

    private static readonly JsonDocumentOptions StrictSyntax = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>The activity, or why the body is not one (a message for the 400 answer).</summary>
    public static (Activity? Activity, string? Problem) Read(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return (null, "The body is not valid UTF-8.");
        }

        try
        {
            using var syntax = JsonDocument.Parse(body, StrictSyntax);
            if (syntax.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body is not a JSON activity (not an object).");
            }
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not a JSON activity (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body.Span, ProtocolJsonContext.Default.Activity);
        }
        catch (JsonException ex)
        {
            return ReadForgiving(body, ex);
        }

        return (Tidy(activity), null);
    }

    private static (Activity? Activity, string? Problem) ReadForgiving(ReadOnlyMemory<byte> body, JsonException first)
    {
        var root = JsonNode.Parse(body.Span)!.AsObject();
        var dropped = new List<(string Path, JsonNode? Value)>();
        var failure = first;
        while (true)
        {
            var path = failure.Path ?? "$";
            if (Array.IndexOf(Essential, path) >= 0 || dropped.Count >= MaxDroppedMembers || !TryDetach(root, path, out var value))
            {
                return (null, $"The body is not a JSON activity ({path}).");
            }

            dropped.Add((path, value));
            try
            {
                var activity = root.Deserialize(ProtocolJsonContext.Default.Activity);
                if (activity is not null)
                {
                    activity.ExtensionData ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var (p, v) in dropped)
                    {
                        using var raw = JsonDocument.Parse(v?.ToJsonString() ?? "null");
                        activity.ExtensionData[p] = raw.RootElement.Clone();
                    }
                }

                return (Tidy(activity), null);
            }
            catch (JsonException next)
            {
                failure = next;
            }
        }
    }

    /// <summary>Removes the member or array entry a JSON path like <c>$.from.id</c> or <c>$.membersAdded[2]</c> names.</summary>
    private static bool TryDetach(JsonObject root, string path, out JsonNode? value)
    {
        value = null;
        JsonNode? parent = null;
        JsonNode? current = root;
        string? name = null;
        var index = -1;
        var i = 1; // after '$'
        while (i < path.Length)
        {
            parent = current;
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                name = path[(i + 1)..end];
                index = -1;
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return false;
                }

                name = path[(i + 2)..end];
                index = -1;
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out index))
                {
                    return false;
                }

                name = null;
                i = end + 1;
            }
            else
            {
                return false;
            }

            current = (parent, name) switch
            {
                (JsonObject o, { } n) => o.TryGetPropertyValue(n, out var child) ? child : null,
                (JsonArray a, null) when index < a.Count => a[index],
                _ => null,
            };
            if (current is null && i < path.Length)
            {
                return false;
            }
        }

        switch (parent, name)
        {
            case (JsonObject o, { } n) when o.ContainsKey(n):
                value = o[n];
                o.Remove(n);
                return true;
            case (JsonArray a, null) when index >= 0 && index < a.Count:
                value = a[index];
                a.RemoveAt(index);
                return true;
            default:
                return false;
        }
    }

    private static Activity? Tidy(Activity? activity)
    {
        if (activity is null)
        {
            return null;
        }

        // Null entries carry nothing; handlers should not have to expect them.
        activity.MembersAdded?.RemoveAll(m => m is null);
        activity.MembersRemoved?.RemoveAll(m => m is null);
        activity.ReactionsAdded?.RemoveAll(r => r is null);
        activity.ReactionsRemoved?.RemoveAll(r => r is null);
        activity.Attachments?.RemoveAll(a => a is null);
        activity.Entities?.RemoveAll(e => e is null);
        return activity;
    }
}
