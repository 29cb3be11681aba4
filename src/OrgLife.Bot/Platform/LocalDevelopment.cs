using Microsoft.Extensions.Options;
using OrgLife.Protocol.Authentication;

namespace OrgLife.Bot.Platform;

internal static partial class LocalDevelopment
{
    /// <summary>Where the bot listens when nothing else says (the Bot Framework's customary local port).</summary>
    public const string DefaultUrl = "http://localhost:3978";

    /// <summary>
    /// Listens on <see cref="DefaultUrl"/> only when the operator configured no address: <c>ASPNETCORE_URLS</c>,
    /// <c>--urls</c>, <c>Urls</c> in any configuration source, <c>ASPNETCORE_HTTP(S)_PORTS</c> or
    /// <c>Kestrel:Endpoints</c> all win (a <c>Urls</c> in appsettings.json would override the usual variable).
    /// </summary>
    public static void ListenOnDefaultUrlUnlessConfigured(this WebApplicationBuilder builder)
    {
        if (!HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }

    /// <summary>True when some configuration source names where Kestrel listens.</summary>
    public static bool HasConfiguredAddress(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").Exists();

    /// <summary>
    /// When no App ID is configured the bot runs unauthenticated for local use; once it listens, tell the
    /// developer how to chat with it in Microsoft's Teams emulator (the Agents Playground).
    /// </summary>
    public static void PrintPlaygroundHint(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (!string.IsNullOrEmpty(app.Services.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value.AppId))
            {
                return;
            }

            var endpoint = app.Urls.FirstOrDefault() is { } url ? url.TrimEnd('/') + "/api/messages" : "http://localhost:3978/api/messages";
            LogPlaygroundHint(app.Logger, endpoint);
        });
    }

    [LoggerMessage(EventId = 520, Level = LogLevel.Warning, Message =
        "OrgLife is listening on {Endpoint} without authentication (no Bot:AppId). Chat with it in the Teams emulator:\n" +
        "    npx @microsoft/teams-app-test-tool@0.2.28 start -e {Endpoint} -c msteams\n" +
        "then open http://localhost:56150 in a browser (see README, \"Chat with it locally\").")]
    private static partial void LogPlaygroundHint(ILogger logger, string endpoint);
}
