using Microsoft.Extensions.Options;

namespace OrgLife.Protocol.Authentication;

/// <summary>How the bot's Entra app registration is set up.</summary>
public enum BotAppType
{
    /// <summary>Single-tenant app: outbound tokens come from the bot's own tenant (the default; required for new bots).</summary>
    SingleTenant,

    /// <summary>Multi-tenant app (deprecated for new bots): outbound tokens come from <c>botframework.com</c>.</summary>
    MultiTenant,
}

/// <summary>
/// The bot's identity and the rules for validating inbound tokens, bound from the <c>Bot</c> section.
/// Without <see cref="AppId"/> the bot runs unauthenticated (local emulator mode).
/// </summary>
public sealed class BotAuthenticationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Bot";

    /// <summary>Microsoft App ID (client id); the audience of inbound tokens. Empty: unauthenticated local mode.</summary>
    public string? AppId { get; set; }

    /// <summary>Client secret used for outbound tokens.</summary>
    public string? AppPassword { get; set; }

    /// <summary>The bot's Entra tenant id; required for <see cref="BotAppType.SingleTenant"/>.</summary>
    public string? TenantId { get; set; }

    /// <summary>Registration type; decides the tenant of the token endpoint.</summary>
    public BotAppType AppType { get; set; } = BotAppType.SingleTenant;

    /// <summary>OpenID metadata that lists the Bot Framework signing keys.</summary>
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>Issuer of inbound tokens.</summary>
    public string ValidIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>Entra authority for outbound client-credential tokens.</summary>
    public Uri Authority { get; set; } = new("https://login.microsoftonline.com");

    /// <summary>Scope of outbound tokens.</summary>
    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Clock skew tolerated on token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when an App ID is configured and every request must carry a valid token.</summary>
    public bool IsAuthenticationEnabled => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>The token endpoint for this registration type.</summary>
    public Uri TokenEndpoint
    {
        get
        {
            var tenant = AppType == BotAppType.MultiTenant ? "botframework.com" : TenantId;
            return new Uri($"{Authority.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(tenant ?? string.Empty)}/oauth2/v2.0/token");
        }
    }
}

/// <summary>Checks <see cref="BotAuthenticationOptions"/> at start; every message names the configuration key.</summary>
public sealed class BotAuthenticationOptionsValidator : IValidateOptions<BotAuthenticationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BotAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = BotAuthenticationOptions.SectionName;
        if (!Enum.IsDefined(options.AppType))
        {
            errors.Add($"{s}:AppType must be SingleTenant or MultiTenant.");
        }

        if (options.OpenIdMetadataUrl is null || !IsHttpUrl(options.OpenIdMetadataUrl))
        {
            errors.Add($"{s}:OpenIdMetadataUrl must be an absolute http(s) URL.");
        }

        if (options.Authority is null || !IsHttpUrl(options.Authority))
        {
            errors.Add($"{s}:Authority must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ValidIssuer))
        {
            errors.Add($"{s}:ValidIssuer must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.OAuthScope))
        {
            errors.Add($"{s}:OAuthScope must not be empty.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromHours(1))
        {
            errors.Add($"{s}:ClockSkew must be between 00:00:00 and 01:00:00.");
        }

        if (options.IsAuthenticationEnabled)
        {
            if (string.IsNullOrWhiteSpace(options.AppPassword))
            {
                errors.Add($"{s}:AppPassword is required when {s}:AppId is set.");
            }

            if (options.AppType == BotAppType.SingleTenant && string.IsNullOrWhiteSpace(options.TenantId))
            {
                errors.Add($"{s}:TenantId is required when {s}:AppType is SingleTenant (the default) and {s}:AppId is set.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.AppPassword))
        {
            errors.Add($"{s}:AppPassword is set but {s}:AppId is empty; set both or neither.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
