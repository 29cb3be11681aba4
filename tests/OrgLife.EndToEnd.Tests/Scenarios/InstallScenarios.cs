using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrgLife.EndToEnd.Tests.Playground;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Scenarios;

/// <summary>
/// Install → welcome. Its own bot and playground (a class fixture, not the shared collection): the bot
/// welcomes a conversation once per few minutes, and the playground re-installs on every page load, so
/// only a fresh bot shows whether the first install is welcomed.
/// </summary>
public sealed partial class InstallScenarios(PlaygroundFixture playground) : IClassFixture<PlaygroundFixture>
{
    [RequiresFact(PlaygroundFixture.Needs)]
    public Task Install_InPersonalChat_BotPostsWelcomeCard() => playground.RunAsync(async teams =>
    {
        var chat = await teams.OpenPersonalChatAsync();

        var welcome = chat.BotMessages.Filter(new() { HasTextRegex = WelcomeText() });
        await Assertions.Expect(welcome.First).ToBeVisibleAsync();
        Assert.True(await welcome.Locator(".ac-adaptiveCard").CountAsync() > 0, "The welcome should be an Adaptive Card.");
    });

    [GeneratedRegex("欢迎使用 OrgLife|Welcome to OrgLife")]
    private static partial Regex WelcomeText();
}
