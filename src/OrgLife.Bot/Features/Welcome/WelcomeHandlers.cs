using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;

namespace OrgLife.Bot.Features.Welcome;

/// <summary>"帮助"/"help", the help card's language switch, and command buttons on any card.</summary>
internal sealed class WelcomeHandlers(WelcomeCards cards, IOptions<RouteTable> routes, IServiceProvider services)
{
    public async Task HelpAsync(BotTurn turn, string arguments, CancellationToken cancellationToken) =>
        await turn.SendCardAsync(cards.Help(turn.Culture), cancellationToken);

    /// <summary>Re-renders the help card in the language the button names.</summary>
    public Task<CardResult> SwitchLanguageAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        Task.FromResult(CardResult.Replace(cards.Help(BotCulture.FromLocale(action.GetString("language")))));

    /// <summary>A button whose data names a command runs it as if it had been typed.</summary>
    public async Task<CardResult> RunCommandAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var command = action.GetString("command");
        if (command is not null && routes.Value.TryMatch(command, out var handler, out var arguments))
        {
            await handler(services, turn, arguments, cancellationToken);
        }

        return CardResult.None;
    }
}
