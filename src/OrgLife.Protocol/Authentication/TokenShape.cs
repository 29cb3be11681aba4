using System.Buffers.Text;
using System.Text.Json;

namespace OrgLife.Protocol.Authentication;

/// <summary>
/// Checks the JSON of an inbound token before its signature: the channel's tokens have a plain shape
/// (RS256, a <c>kid</c>, numeric times, one <c>serviceurl</c> string, every member once), and IdentityModel is
/// lenient where an attacker could use it (string <c>exp</c>, a repeated <c>kid</c> read one way by us and
/// another way by the library, an array <c>serviceurl</c> of which only the first item is compared).
/// </summary>
internal static class TokenShape
{
    /// <summary>The only algorithm the Bot Framework channel signs with.</summary>
    public const string Algorithm = "RS256";

    /// <summary>Why <paramref name="token"/> is not shaped like a channel token, or null when it is.</summary>
    public static string? FindProblem(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || Decode(parts[0]) is not { } header || Decode(parts[1]) is not { } payload)
        {
            return "token malformed";
        }

        return CheckMembers(header, "header", static (name, kind, value) => name switch
        {
            "alg" => kind == JsonTokenType.String && value == Algorithm ? null : "signing algorithm not allowed",
            "kid" => kind == JsonTokenType.String && !string.IsNullOrEmpty(value) ? null : "kid is not a key id",
            _ => null,
        }, required: ["alg", "kid"])
            ?? CheckMembers(payload, "payload", static (name, kind, _) => name switch
            {
                "exp" or "nbf" or "iat" => kind == JsonTokenType.Number ? null : $"{name} is not a number",
                "serviceurl" or "iss" => kind == JsonTokenType.String ? null : $"{name} is not a single string",
                _ => null,
            }, required: ["exp"]);
    }

    private static byte[]? Decode(string part)
    {
        try
        {
            return part.Length == 0 ? null : Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Walks the top-level members once: each name unique, each checked member of the right kind.</summary>
    private static string? CheckMembers(byte[] json, string part, Func<string, JsonTokenType, string?, string?> check, string[] required)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return $"token {part} is not a JSON object";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!names.Add(name))
                {
                    return $"token {part} repeats {name}";
                }

                reader.Read();
                var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (check(name, reader.TokenType, value) is { } problem)
                {
                    return problem;
                }

                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return $"token {part} is not a JSON object";
            }
        }
        catch (JsonException)
        {
            return $"token {part} is not JSON";
        }

        return required.FirstOrDefault(r => !names.Contains(r)) is { } missing ? $"token {part} has no {missing}" : null;
    }
}
