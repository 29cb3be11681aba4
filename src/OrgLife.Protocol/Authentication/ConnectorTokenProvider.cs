using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrgLife.Protocol.Connector;

namespace OrgLife.Protocol.Authentication;

/// <summary>
/// Gets the bearer token for outbound Connector calls with the OAuth2 client-credentials grant
/// (form POST to <see cref="BotAuthenticationOptions.TokenEndpoint"/>). The token is cached until five
/// minutes before it expires and concurrent callers share one request.
/// </summary>
public sealed class ConnectorTokenProvider : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly BotAuthenticationOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _cached;

    /// <summary>Creates the provider.</summary>
    public ConnectorTokenProvider(IOptions<BotAuthenticationOptions> options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<ConnectorTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _httpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>False without an App ID: outbound calls then carry no token (emulator mode).</summary>
    public bool IsEnabled => _options.IsAuthenticationEnabled;

    /// <summary>The current access token, or null when authentication is disabled.</summary>
    /// <exception cref="ConnectorException">The token endpoint refused the request.</exception>
    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (!IsEnabled)
        {
            return null;
        }

        if (_cached is { } cached && cached.RefreshAt > _timeProvider.GetUtcNow())
        {
            return cached.AccessToken;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (_cached is { } fresh && fresh.RefreshAt > _timeProvider.GetUtcNow())
            {
                return fresh.AccessToken;
            }

            var token = await RequestTokenAsync(cancellationToken);
            _cached = token;
            return token.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the cached token (e.g. after the Connector answered 401).</summary>
    public void Invalidate() => _cached = null;

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var endpoint = _options.TokenEndpoint;
        Log.TokenRequested(_logger, endpoint);
        using var content = new FormUrlEncodedContent(
        [
            new("grant_type", "client_credentials"),
            new("client_id", _options.AppId!),
            new("client_secret", _options.AppPassword ?? string.Empty),
            new("scope", _options.OAuthScope),
        ]);
        var client = _httpClientFactory.CreateClient(BotProtocolHttpClients.Token);
        var requestedAt = _timeProvider.GetUtcNow();
        using var response = await client.PostAsync(endpoint, content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        string? accessToken = null;
        string? error = null;
        string? description = null;
        var expiresIn = 3600d;
        try
        {
            using var json = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                accessToken = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                if (root.TryGetProperty("expires_in", out var x))
                {
                    expiresIn = x.ValueKind switch
                    {
                        JsonValueKind.Number => x.GetDouble(),
                        JsonValueKind.String when double.TryParse(x.GetString(), out var v) => v,
                        _ => expiresIn,
                    };
                }
            }
        }
        catch (JsonException)
        {
            error ??= "invalid_response";
        }

        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(accessToken))
        {
            var status = response.IsSuccessStatusCode ? HttpStatusCode.BadGateway : response.StatusCode;
            Log.TokenRequestFailed(_logger, endpoint, (int)response.StatusCode, error);
            throw new ConnectorException(status, error, $"Token request to {endpoint} failed with {(int)response.StatusCode} {error}: {description}");
        }

        return new CachedToken(accessToken, requestedAt + TimeSpan.FromSeconds(expiresIn) - RefreshMargin);
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);
}

/// <summary>Adds the Connector bearer token to outbound requests (none in emulator mode).</summary>
public sealed class ConnectorTokenHandler(ConnectorTokenProvider tokenProvider) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await tokenProvider.GetTokenAsync(cancellationToken);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (token is not null && response.StatusCode == HttpStatusCode.Unauthorized)
        {
            tokenProvider.Invalidate();
        }

        return response;
    }
}

/// <summary>Names of the library's HTTP clients.</summary>
internal static class BotProtocolHttpClients
{
    public const string Metadata = "OrgLife.Protocol.OpenIdMetadata";
    public const string Token = "OrgLife.Protocol.ConnectorToken";
}
