using System.Collections;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Authentication;

/// <summary>The outcome of authenticating one inbound request.</summary>
public sealed class BotAuthenticationResult
{
    private BotAuthenticationResult(bool succeeded, string? failureReason, ClaimsIdentity? identity)
    {
        Succeeded = succeeded;
        FailureReason = failureReason;
        Identity = identity;
    }

    /// <summary>An anonymous request accepted in unauthenticated local mode.</summary>
    public static BotAuthenticationResult Anonymous { get; } = new(true, null, null);

    /// <summary>True when the request may be processed.</summary>
    public bool Succeeded { get; }

    /// <summary>Why the request was refused (for logs; never contains the token).</summary>
    public string? FailureReason { get; }

    /// <summary>The validated token's identity; null for anonymous requests.</summary>
    public ClaimsIdentity? Identity { get; }

    internal static BotAuthenticationResult Success(ClaimsIdentity identity) => new(true, null, identity);

    internal static BotAuthenticationResult Failure(string reason) => new(false, reason, null);
}

/// <summary>
/// Validates the Bot Framework JWT of inbound requests: its shape (<see cref="TokenShape"/>), signature with
/// the key its <c>kid</c> names in the OpenID metadata (RS256 only, never trying other keys), issuer, audience (the App ID), lifetime with clock skew, the signing key's
/// <c>endorsements</c> containing the activity's channel, and the <c>serviceurl</c> claim matching the
/// activity. Validation happens in two steps so a bad token is refused before the body is read.
/// </summary>
public sealed class BotTokenValidator
{
    internal const string ServiceUrlClaim = "serviceurl";
    // The channel signs with RS256 only (TokenShape also refuses any other alg before the library sees it).
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256];

    private readonly BotAuthenticationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly JsonWebTokenHandler _handler = new();
    private const int MaxCachedTokens = 4096;
    private readonly ConcurrentDictionary<string, ValidatedToken> _validated = new(StringComparer.Ordinal);
    private static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromMinutes(5);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly Lock _refreshLock = new();
    private ConfigurationManager<OpenIdConnectConfiguration> _configurationManager;
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;
    private KeyEndorsements? _endorsements;

    /// <summary>Creates the validator; metadata is fetched lazily through <paramref name="httpClientFactory"/>.</summary>
    public BotTokenValidator(IOptions<BotAuthenticationOptions> options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<BotTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options.Value;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _httpClientFactory = httpClientFactory;
        _configurationManager = CreateConfigurationManager();
    }

    /// <summary>True when an App ID is configured, so every request must carry a valid token.</summary>
    public bool IsEnabled => _options.IsAuthenticationEnabled;

    /// <summary>Validates a request's <c>Authorization</c> header against the activity it carries.</summary>
    public async Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var token = await ValidateTokenAsync(authorizationHeader, cancellationToken);
        return token.Succeeded ? CheckActivity(token, activity) : token.Result;
    }

    /// <summary>Step one: header, signature, issuer, audience, lifetime. Needs no activity.</summary>
    internal async ValueTask<TokenCheck> ValidateTokenAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorizationHeader))
        {
            // Emulator mode accepts anonymous requests; a token that is present is still validated.
            return IsEnabled ? TokenCheck.Fail("no Authorization header") : TokenCheck.Anonymous;
        }

        if (!IsEnabled && !Connector.TrustedServiceUrls.IsLoopback(_options.OpenIdMetadataUrl))
        {
            // Local mode accepts anonymous requests; a token it could only check against the public metadata
            // proves nothing here and must not make this machine call out, so it is ignored.
            Log.LocalModeTokenIgnored(_logger);
            return TokenCheck.Anonymous;
        }

        const string bearer = "Bearer ";
        if (!authorizationHeader.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) || authorizationHeader.Length <= bearer.Length)
        {
            return TokenCheck.Fail("Authorization header is not a bearer token");
        }

        var token = authorizationHeader.AsSpan(bearer.Length).Trim().ToString();
        if (TokenShape.FindProblem(token) is { } problem)
        {
            return TokenCheck.Fail(problem);
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await Volatile.Read(ref _configurationManager).GetConfigurationAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Whatever breaks the metadata fetch, the request is refused (401), never a 500.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.MetadataUnavailable(_logger, ex, _options.OpenIdMetadataUrl.AbsoluteUri);
            return TokenCheck.Fail("signing keys unavailable");
        }

        // Teams reuses one token for many requests; a token already validated against the same key set
        // is not verified again until it expires (RSA verification dominates the cost of a turn).
        var now = _timeProvider.GetUtcNow();
        if (_validated.TryGetValue(authorizationHeader, out var cached) && ReferenceEquals(cached.Configuration, configuration) && now < cached.ValidUntil)
        {
            return cached.Check;
        }

        var result = await _handler.ValidateTokenAsync(token, CreateParameters(configuration));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && await RefetchMetadataAsync(token, cancellationToken) is { } refreshed)
        {
            configuration = refreshed;
            result = await _handler.ValidateTokenAsync(token, CreateParameters(configuration));
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return TokenCheck.Fail(DescribeFailure(result.Exception));
        }

        var endorsements = GetEndorsements(configuration, jwt.SigningKey?.KeyId ?? jwt.Kid);
        var serviceUrl = result.ClaimsIdentity.FindFirst(ServiceUrlClaim)?.Value;
        var check = new TokenCheck(BotAuthenticationResult.Success(result.ClaimsIdentity), endorsements, serviceUrl);
        if (_validated.Count >= MaxCachedTokens)
        {
            _validated.Clear();
        }

        _validated[authorizationHeader] = new ValidatedToken(check, configuration, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + _options.ClockSkew);
        return check;
    }

    /// <summary>Step two: the signing key must endorse the activity's channel and the token must name its service URL.</summary>
    internal static BotAuthenticationResult CheckActivity(TokenCheck token, Activity activity)
    {
        if (token.Result.Identity is null)
        {
            return token.Result;
        }

        var channelId = activity.ChannelId;
        if (string.IsNullOrEmpty(channelId) || token.Endorsements is null || !token.Endorsements.Contains(channelId, StringComparer.Ordinal))
        {
            return BotAuthenticationResult.Failure("signing key does not endorse the activity's channel");
        }

        if (token.ServiceUrl is null || !string.Equals(token.ServiceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return BotAuthenticationResult.Failure("serviceurl claim does not match the activity's serviceUrl");
        }

        return token.Result;
    }

    /// <summary>
    /// Keys rotate: a token signed with a key the cached metadata lacks makes a fresh metadata fetch, at most
    /// once per 5 minutes so forged kids cannot hammer the metadata endpoint. The fetch replaces the
    /// configuration manager (whose own refresh request runs in the background and would come too late).
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> RefetchMetadataAsync(string token, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_refreshLock)
        {
            if (now - _lastForcedRefresh < UnknownKeyRefreshInterval)
            {
                return null;
            }

            _lastForcedRefresh = now;
        }

        Log.SigningKeyUnknown(_logger, TryReadKid(token));
        var fresh = CreateConfigurationManager();
        try
        {
            var configuration = await fresh.GetConfigurationAsync(cancellationToken);
            Volatile.Write(ref _configurationManager, fresh);
            return configuration;
        }
#pragma warning disable CA1031 // A failed refresh leaves the cached keys in place; the token is refused.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.MetadataUnavailable(_logger, ex, _options.OpenIdMetadataUrl.AbsoluteUri);
            return null;
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> CreateConfigurationManager()
    {
        var metadata = _options.OpenIdMetadataUrl;
        var retriever = new HttpDocumentRetriever(_httpClientFactory.CreateClient(BotProtocolHttpClients.Metadata))
        {
            RequireHttps = metadata.Scheme == Uri.UriSchemeHttps,
        };
        return new ConfigurationManager<OpenIdConnectConfiguration>(metadata.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            // Keys rotate: refresh at least every 12 hours (the brief asks for at most 24).
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
            RefreshInterval = UnknownKeyRefreshInterval,
        };
    }

    private TokenValidationParameters CreateParameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = _options.ValidIssuer,
        ValidateIssuer = true,
        ValidAudience = _options.AppId,
        ValidateAudience = IsEnabled,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = _options.ClockSkew,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = Algorithms,
        // Only the key the header names: a kid that is unknown must not be verified against every key.
        TryAllIssuerSigningKeys = false,
        IssuerSigningKeyResolver = (_, _, kid, _) => configuration.SigningKeys.Where(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal)),
        LifetimeValidator = ValidateLifetime,
    };

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        return expires is { } exp
            && now <= exp.ToUniversalTime() + parameters.ClockSkew
            && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - parameters.ClockSkew);
    }

    private IReadOnlyList<string>? GetEndorsements(OpenIdConnectConfiguration configuration, string? keyId)
    {
        if (keyId is null)
        {
            return null;
        }

        var cached = _endorsements;
        if (cached is null || !ReferenceEquals(cached.Configuration, configuration))
        {
            cached = new KeyEndorsements(configuration);
            _endorsements = cached;
        }

        return cached.ByKeyId.GetValueOrDefault(keyId);
    }

    private static string? TryReadKid(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string DescribeFailure(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidLifetimeException => "token lifetime invalid",
        SecurityTokenSignatureKeyNotFoundException => "signing key unknown",
        SecurityTokenInvalidAlgorithmException => "signing algorithm not allowed",
        SecurityTokenInvalidSignatureException => "signature invalid",
        SecurityTokenMalformedException => "token malformed",
        null => "token invalid",
        _ => exception.GetType().Name,
    };

    /// <summary>A token that passed step one, valid until its expiry plus skew, for one metadata snapshot.</summary>
    private sealed record ValidatedToken(TokenCheck Check, OpenIdConnectConfiguration Configuration, DateTimeOffset ValidUntil);

    /// <summary>Endorsements of each signing key of one metadata snapshot.</summary>
    private sealed class KeyEndorsements
    {
        public KeyEndorsements(OpenIdConnectConfiguration configuration)
        {
            Configuration = configuration;
            foreach (var key in configuration.JsonWebKeySet?.Keys ?? [])
            {
                if (key.KeyId is { } kid && key.AdditionalData.TryGetValue("endorsements", out var value))
                {
                    ByKeyId[kid] = ReadStrings(value);
                }
            }
        }

        public OpenIdConnectConfiguration Configuration { get; }

        public Dictionary<string, IReadOnlyList<string>> ByKeyId { get; } = new(StringComparer.Ordinal);

        private static string[] ReadStrings(object? value) => value switch
        {
            string s => [s],
            JsonElement { ValueKind: JsonValueKind.Array } array =>
                [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            JsonElement { ValueKind: JsonValueKind.String } single => [single.GetString()!],
            IEnumerable items => [.. items.Cast<object?>().Select(i => i?.ToString()).OfType<string>()],
            _ => [],
        };
    }
}

/// <summary>Result of the token step; the activity step completes it.</summary>
internal readonly record struct TokenCheck(BotAuthenticationResult Result, IReadOnlyList<string>? Endorsements, string? ServiceUrl)
{
    public static TokenCheck Anonymous => new(BotAuthenticationResult.Anonymous, null, null);

    public bool Succeeded => Result.Succeeded;

    public static TokenCheck Fail(string reason) => new(BotAuthenticationResult.Failure(reason), null, null);
}
