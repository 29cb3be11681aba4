using System.Net;
using Microsoft.Extensions.Options;
using OrgLife.Protocol.Authentication;

namespace OrgLife.Protocol.Connector;

/// <summary>
/// Where the bot may send Connector calls (and so its token). An activity's <c>serviceUrl</c> comes from the
/// request body: without this check anyone who can reach the endpoint could make the bot post its bearer
/// token to a host of their choice. With an App ID only HTTPS hosts on <see cref="ConnectorOptions.TrustedServiceHosts"/>
/// are trusted; in unauthenticated local mode (no App ID, no token) only loopback hosts.
/// </summary>
public sealed class TrustedServiceUrls
{
    /// <summary>
    /// The Teams channel service hosts of Microsoft's public cloud (commercial and GCC), as the Teams SDK
    /// documents them ("Service URL Validation", https://microsoft.github.io/teams-sdk/csharp/essentials/app-configuration/service-url-validation).
    /// Sovereign clouds use other hosts and other sign-in endpoints, so they are configured explicitly:
    /// GCC High <c>smba.infra.gov.teams.microsoft.us</c>, DoD <c>smba.infra.dod.teams.microsoft.us</c>,
    /// China (21Vianet) <c>frontend.botapi.msg.infra.teams.microsoftonline.cn</c>.
    /// </summary>
    public static IReadOnlyList<string> MicrosoftTeamsHosts { get; } =
    [
        "smba.trafficmanager.net",
        "smba.onyx.prod.teams.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
    ];

    private readonly bool _authenticated;
    private readonly string[] _hosts;
    private readonly string[] _suffixes;
    private readonly Uri[] _origins;

    /// <summary>Creates the policy from the bound options.</summary>
    public TrustedServiceUrls(IOptions<ConnectorOptions> connector, IOptions<BotAuthenticationOptions> authentication)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(authentication);
        _authenticated = authentication.Value.IsAuthenticationEnabled;
        var entries = connector.Value.TrustedServiceHosts is { Length: > 0 } configured ? configured : [.. MicrosoftTeamsHosts];
        var hosts = new List<string>();
        var suffixes = new List<string>();
        var origins = new List<Uri>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(entry, UriKind.Absolute, out var origin))
            {
                origins.Add(origin);
            }
            else if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                suffixes.Add(entry[1..]);
            }
            else if (entry.Length > 0)
            {
                hosts.Add(entry);
            }
        }

        _hosts = [.. hosts];
        _suffixes = [.. suffixes];
        _origins = [.. origins];
    }

    /// <summary>True when a Connector call to <paramref name="serviceUrl"/> may be made.</summary>
    public bool IsTrusted(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && IsTrusted(uri);

    /// <summary>True when a Connector call to <paramref name="uri"/> may be made.</summary>
    public bool IsTrusted(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.UserInfo.Length > 0)
        {
            return false;
        }

        if (!_authenticated)
        {
            return IsLoopback(uri);
        }

        // An entry written as a URL (e.g. a local test connector "http://127.0.0.1:5000") names an exact origin.
        foreach (var origin in _origins)
        {
            if (string.Equals(origin.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(origin.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase)
                && origin.Port == uri.Port)
            {
                return true;
            }
        }

        if (uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort)
        {
            return false;
        }

        var host = uri.IdnHost;
        return Array.Exists(_hosts, h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase))
            || Array.Exists(_suffixes, s => host.EndsWith(s, StringComparison.OrdinalIgnoreCase) && host.Length > s.Length);
    }

    /// <summary><c>localhost</c> or a loopback address literal.</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}

/// <summary>
/// First handler of the Connector pipeline: a call to an untrusted service URL fails before any token is
/// fetched or attached and before any connection is made (proactive sends use stored URLs, so the outbound
/// side checks too, not only the inbound endpoint).
/// </summary>
public sealed class TrustedServiceUrlHandler(TrustedServiceUrls trusted) : DelegatingHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { } uri || !trusted.IsTrusted(uri))
        {
            // A ConnectorException so every caller's "this recipient cannot be reached" handling applies.
            throw new ConnectorException(
                HttpStatusCode.MisdirectedRequest,
                ConnectorException.UntrustedServiceUrlCode,
                $"Refused a Connector call to {request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "(no URL)"}: not a trusted service host (Connector:TrustedServiceHosts).");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
