using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrgLife.Testing;

/// <summary>What goes into a minted token; start from <see cref="TokenMinter.Defaults"/> and change with <c>with</c>.</summary>
public sealed record TokenSpec
{
    /// <summary><c>iss</c>.</summary>
    public required string Issuer { get; init; }

    /// <summary><c>aud</c>.</summary>
    public required string Audience { get; init; }

    /// <summary>The <c>serviceurl</c> claim; null leaves it out.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary><c>nbf</c>.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary><c>exp</c>.</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>Signing key (its KeyId becomes <c>kid</c>).</summary>
    public required SecurityKey SigningKey { get; init; }

    /// <summary>Signing algorithm.</summary>
    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;
}

/// <summary>
/// Mints real RS256 Bot Framework tokens signed with a <see cref="LocalOpenIdServer"/> key, and forged
/// ones (unsigned, tampered, unknown key, unendorsed key) for negative tests.
/// </summary>
public sealed class TokenMinter
{
    private readonly LocalOpenIdServer _server;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    internal TokenMinter(LocalOpenIdServer server, string appId, TimeProvider time)
    {
        _server = server;
        AppId = appId;
        _time = time;
    }

    /// <summary>The audience of valid tokens.</summary>
    public string AppId { get; }

    /// <summary>A valid token's contents: Bot Framework issuer, this App ID, endorsed key, valid for an hour.</summary>
    public TokenSpec Defaults(string serviceUrl)
    {
        var now = _time.GetUtcNow();
        return new TokenSpec
        {
            Issuer = LocalOpenIdServer.DefaultIssuer,
            Audience = AppId,
            ServiceUrl = serviceUrl,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            SigningKey = _server.EndorsedKey,
        };
    }

    /// <summary>A valid token for an activity carrying <paramref name="serviceUrl"/>.</summary>
    public string Mint(string serviceUrl) => Mint(Defaults(serviceUrl));

    /// <summary>A signed token with exactly these contents.</summary>
    public string Mint(TokenSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var claims = new Dictionary<string, object>
        {
            ["iat"] = EpochTime.GetIntDate(spec.NotBefore.UtcDateTime),
            ["appid"] = "bot-framework-channel",
            ["version"] = "1.0",
        };
        if (spec.ServiceUrl is not null)
        {
            claims["serviceurl"] = spec.ServiceUrl;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            NotBefore = spec.NotBefore.UtcDateTime,
            Expires = spec.Expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(spec.SigningKey, spec.Algorithm),
        });
    }

    /// <summary>The header of a valid token: RS256 and the endorsed key's <c>kid</c>.</summary>
    public string HeaderJson() => new JsonObject { ["alg"] = "RS256", ["kid"] = _server.EndorsedKey.KeyId, ["typ"] = "JWT" }.ToJsonString();

    /// <summary>The payload of a valid token for <paramref name="serviceUrl"/>.</summary>
    public string PayloadJson(string serviceUrl)
    {
        var spec = Defaults(serviceUrl);
        return new JsonObject
        {
            ["iss"] = spec.Issuer,
            ["aud"] = spec.Audience,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = spec.NotBefore.ToUnixTimeSeconds(),
            ["exp"] = spec.Expires.ToUnixTimeSeconds(),
        }.ToJsonString();
    }

    /// <summary>
    /// A token with exactly this header and payload text (repeated members, odd types), really signed with
    /// <paramref name="key"/> (default the endorsed key) using RSA PKCS#1 and <paramref name="hash"/> (default SHA-256).
    /// </summary>
    public string MintRaw(string headerJson, string payloadJson, RsaSecurityKey? key = null, HashAlgorithmName? hash = null)
    {
        var input = $"{Base64UrlEncoder.Encode(headerJson)}.{Base64UrlEncoder.Encode(payloadJson)}";
        var signature = (key ?? _server.EndorsedKey).Rsa.SignData(Encoding.ASCII.GetBytes(input), hash ?? HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>A token with <c>alg: none</c> and no signature.</summary>
    public string MintUnsigned(string serviceUrl)
    {
        var spec = Defaults(serviceUrl);
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["iss"] = spec.Issuer,
            ["aud"] = spec.Audience,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = spec.NotBefore.ToUnixTimeSeconds(),
            ["exp"] = spec.Expires.ToUnixTimeSeconds(),
        };
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.";
    }

    /// <summary>A token signed with a fresh key that the metadata does not publish.</summary>
    public string MintWithUnknownKey(string serviceUrl)
    {
        var key = LocalOpenIdServer.CreateKey("orglife-test-unknown-" + Guid.NewGuid().ToString("N"));
        return Mint(Defaults(serviceUrl) with { SigningKey = key });
    }

    /// <summary>A token signed with the published key that has no <c>msteams</c> endorsement.</summary>
    public string MintWithUnendorsedKey(string serviceUrl) =>
        Mint(Defaults(serviceUrl) with { SigningKey = _server.UnendorsedKey });

    /// <summary>Changes one payload claim of a signed token and keeps the old signature.</summary>
    public static string Tamper(string token, string claim, string value)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])))!.AsObject();
        payload[claim] = value;
        parts[1] = Base64UrlEncoder.Encode(payload.ToJsonString());
        return string.Join('.', parts);
    }

    /// <summary>The <c>Authorization</c> header value for a token.</summary>
    public static string Bearer(string token) => "Bearer " + token;
}
