using Microsoft.Extensions.Options;
using OrgLife.Protocol.Authentication;

namespace OrgLife.Bot.Platform;

internal static partial class LocalDevelopment
{
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
