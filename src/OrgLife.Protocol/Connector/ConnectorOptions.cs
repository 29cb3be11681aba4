using Microsoft.Extensions.Options;

namespace OrgLife.Protocol.Connector;

/// <summary>Retry policy of outbound Connector calls, bound from the <c>Connector</c> section.</summary>
public sealed class ConnectorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Connector";

    /// <summary>Retries after the first attempt (429, 412, 502, 503, 504, connection failures).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles with each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of any single delay, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Hosts the bot may call (and send its token to) when it has an App ID: host names (HTTPS on port 443),
    /// <c>*.suffix</c> patterns, or full origins such as <c>http://127.0.0.1:5000</c> for a local test connector.
    /// Empty: Microsoft's public-cloud Teams hosts (<see cref="TrustedServiceUrls.MicrosoftTeamsHosts"/>).
    /// Ignored in local mode, which trusts loopback hosts only.
    /// </summary>
#pragma warning disable CA1819 // Bound from configuration; an array replaces the defaults instead of appending to them.
    public string[]? TrustedServiceHosts { get; set; }
#pragma warning restore CA1819
}

/// <summary>Checks <see cref="ConnectorOptions"/> at start; messages name the configuration key.</summary>
public sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = ConnectorOptions.SectionName;
        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{s}:MaxRetries must be between 0 and 10.");
        }

        if (options.BaseDelay < TimeSpan.Zero)
        {
            errors.Add($"{s}:BaseDelay must not be negative.");
        }

        if (options.MaxDelay < options.BaseDelay)
        {
            errors.Add($"{s}:MaxDelay must be at least {s}:BaseDelay.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{s}:Timeout must be positive.");
        }

        foreach (var entry in options.TrustedServiceHosts ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry) || (entry.Contains("://", StringComparison.Ordinal) && !Uri.TryCreate(entry.Trim(), UriKind.Absolute, out _)))
            {
                errors.Add($"{s}:TrustedServiceHosts entries must be host names, *.suffix patterns or absolute URLs ('{entry}').");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
