using Microsoft.Extensions.Options;
using OrgLife.Protocol.Authentication;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Tests.Support;

namespace OrgLife.Protocol.Tests.Hosting;

public sealed class OptionsValidationTests
{
    private static ValidateOptionsResult Validate(BotAuthenticationOptions options) =>
        new BotAuthenticationOptionsValidator().Validate(null, options);

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(Validate(new BotAuthenticationOptions()).Succeeded);
        Assert.True(new ConnectorOptionsValidator().Validate(null, new ConnectorOptions()).Succeeded);
    }

    [Fact]
    public void Validate_SingleTenantWithoutTenantId_NamesTheKey()
    {
        var result = Validate(new BotAuthenticationOptions { AppId = "app", AppPassword = "secret" });

        Assert.True(result.Failed);
        Assert.Contains("Bot:TenantId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AppIdWithoutPassword_NamesTheKey()
    {
        var result = Validate(new BotAuthenticationOptions { AppId = "app", AppType = BotAppType.MultiTenant });

        Assert.Contains("Bot:AppPassword", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RelativeMetadataUrl_NamesTheKey()
    {
        var result = Validate(new BotAuthenticationOptions { OpenIdMetadataUrl = new Uri("metadata", UriKind.Relative) });

        Assert.Contains("Bot:OpenIdMetadataUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeClockSkew_NamesTheKey()
    {
        var result = Validate(new BotAuthenticationOptions { ClockSkew = TimeSpan.FromMinutes(-1) });

        Assert.Contains("Bot:ClockSkew", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxDelayBelowBaseDelay_NamesTheKey()
    {
        var result = new ConnectorOptionsValidator().Validate(null, new ConnectorOptions { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) });

        Assert.Contains("Connector:MaxDelay", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenEndpoint_SingleTenant_UsesTheBotsTenant()
    {
        var options = new BotAuthenticationOptions { TenantId = "tenant-1" };

        Assert.Equal("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token", options.TokenEndpoint.AbsoluteUri);
    }

    [Fact]
    public void TokenEndpoint_MultiTenant_UsesBotframeworkCom()
    {
        var options = new BotAuthenticationOptions { TenantId = "tenant-1", AppType = BotAppType.MultiTenant, Authority = new Uri("https://login.example.com/") };

        Assert.Equal("https://login.example.com/botframework.com/oauth2/v2.0/token", options.TokenEndpoint.AbsoluteUri);
    }

    [Fact]
    public async Task Start_InvalidConfiguration_FailsNamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "app",
            ["Bot:AppPassword"] = "secret",
        }));

        Assert.Contains("Bot:TenantId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownAppType_FailsNamingTheKey()
    {
        var ex = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppType"] = "Sometimes",
        }));

        Assert.Contains("Bot:AppType", ex.Message, StringComparison.Ordinal);
    }
}
