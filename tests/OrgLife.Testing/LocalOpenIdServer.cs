using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace OrgLife.Testing;

/// <summary>
/// A local stand-in for <c>login.botframework.com</c>: Kestrel on 127.0.0.1 serving an OpenID metadata
/// document and a JWKS with <see cref="EndorsedKey"/> (<c>endorsements: ["msteams"]</c>) and
/// <see cref="UnendorsedKey"/> (no endorsements). Point <c>Bot:OpenIdMetadataUrl</c> at
/// <see cref="MetadataUrl"/> and mint tokens with <see cref="CreateMinter"/>.
/// </summary>
public sealed class LocalOpenIdServer : IAsyncDisposable
{
    /// <summary>The Bot Framework issuer the metadata announces.</summary>
    public const string DefaultIssuer = "https://api.botframework.com";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<(RsaSecurityKey Key, string[]? Endorsements)> _keys = [];
    private int _metadataRequests;
    private int _keysRequests;

    private LocalOpenIdServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        EndorsedKey = CreateKey("orglife-test-endorsed");
        UnendorsedKey = CreateKey("orglife-test-unendorsed");
        _keys.Add((EndorsedKey, ["msteams"]));
        _keys.Add((UnendorsedKey, null));
    }

    /// <summary>Root URL of the server (ends with '/').</summary>
    public Uri BaseUrl { get; }

    /// <summary>The OpenID metadata URL: the value for <c>Bot:OpenIdMetadataUrl</c>.</summary>
    public Uri MetadataUrl => new(BaseUrl, "v1/.well-known/openidconfiguration");

    /// <summary>The JWKS URL the metadata points to.</summary>
    public Uri KeysUrl => new(BaseUrl, "v1/.well-known/keys");

    /// <summary>Signing key published with <c>endorsements: ["msteams"]</c>.</summary>
    public RsaSecurityKey EndorsedKey { get; }

    /// <summary>Signing key published without endorsements.</summary>
    public RsaSecurityKey UnendorsedKey { get; }

    /// <summary>How many times the metadata document was fetched.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    /// <summary>How many times the JWKS was fetched.</summary>
    public int KeysRequests => Volatile.Read(ref _keysRequests);

    /// <summary>Starts the server on an ephemeral loopback port.</summary>
    public static async Task<LocalOpenIdServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var app = LoopbackServer.Create();
        LocalOpenIdServer? server = null;
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext http) =>
        {
            Interlocked.Increment(ref server!._metadataRequests);
            return Results.Text(server.MetadataJson(), "application/json");
        });
        app.MapGet("/v1/.well-known/keys", (HttpContext http) =>
        {
            Interlocked.Increment(ref server!._keysRequests);
            return Results.Text(server.KeysJson(), "application/json");
        });
        var baseUrl = await LoopbackServer.StartAsync(app, cancellationToken);
        server = new LocalOpenIdServer(app, baseUrl);
        return server;
    }

    /// <summary>A minter signing with <see cref="EndorsedKey"/> for the given App ID (the token audience).</summary>
    public TokenMinter CreateMinter(string appId, TimeProvider? timeProvider = null) =>
        new(this, appId, timeProvider ?? TimeProvider.System);

    /// <summary>Creates an RSA-2048 signing key with the given key id (not published until <see cref="Publish"/>).</summary>
    public static RsaSecurityKey CreateKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    /// <summary>Adds a key to the JWKS (key rotation tests); <paramref name="endorsements"/> null publishes none.</summary>
    public void Publish(RsaSecurityKey key, params string[]? endorsements)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            _keys.Add((key, endorsements));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        EndorsedKey.Rsa.Dispose();
        UnendorsedKey.Rsa.Dispose();
    }

    private string MetadataJson() => new JsonObject
    {
        ["issuer"] = DefaultIssuer,
        ["authorization_endpoint"] = new Uri(BaseUrl, "v1/botconnector/authorize").AbsoluteUri,
        ["jwks_uri"] = KeysUrl.AbsoluteUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    }.ToJsonString();

    private string KeysJson()
    {
        var keys = new JsonArray();
        lock (_lock)
        {
            foreach (var (key, endorsements) in _keys)
            {
                var p = key.Rsa.ExportParameters(false);
                var jwk = new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                };
                if (endorsements is not null)
                {
                    jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode?)JsonValue.Create(e))]);
                }

                keys.Add(jwk);
            }
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }
}
