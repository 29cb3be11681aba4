using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrgLife.Testing.Gating;
using OrgLife.EndToEnd.Tests.Playground;

namespace OrgLife.EndToEnd.Tests.Scenarios;

/// <summary>
/// Foundation scenarios through the Teams emulator UI: help card, its buttons
/// (Action.Submit running a command, Action.Execute switching language in place) in personal chat, group
/// chat and a channel.
/// </summary>
[Collection(PlaygroundSuite.Name)]
public sealed partial class HelpScenarios(PlaygroundFixture playground)
{
    private const string HelpTitleZh = "OrgLife 帮助";
    private const string HelpTitleEn = "OrgLife help";

    [RequiresTheory(PlaygroundFixture.Needs)]
    [InlineData(ConversationKind.Personal)]
    [InlineData(ConversationKind.GroupChat)]
    [InlineData(ConversationKind.Channel)]
    public Task Help_ShowsHelpCard(ConversationKind kind) => playground.RunAsync(
        async teams =>
        {
            var conversation = await OpenAsync(teams, kind);

            var card = await SendHelpAsync(conversation);

            Assert.Matches(HelpTitle(), await card.CardTextAsync());
        },
        name: $"{nameof(Help_ShowsHelpCard)}_{kind}");

    [RequiresTheory(PlaygroundFixture.Needs)]
    [InlineData(ConversationKind.Personal)]
    [InlineData(ConversationKind.GroupChat)]
    [InlineData(ConversationKind.Channel)]
    public Task HelpCard_LanguageButton_SwitchesLanguageBothWays(ConversationKind kind) => playground.RunAsync(
        async teams =>
        {
            var conversation = await OpenAsync(teams, kind);
            var card = await SendHelpAsync(conversation);
            var first = (await card.CardTextAsync()).Contains(HelpTitleZh, StringComparison.Ordinal) ? HelpTitleZh : HelpTitleEn;
            var other = first == HelpTitleZh ? HelpTitleEn : HelpTitleZh;

            // Action.Execute (verb help.language): the bot answers the invoke with the re-rendered card,
            // which replaces this one in place — and back again.
            await card.ClickAndWaitForUpdateAsync(LanguageButtonTitle(teams, first), other);
            Assert.DoesNotContain(first, await card.CardTextAsync(), StringComparison.Ordinal);
            await card.ClickAndWaitForUpdateAsync(LanguageButtonTitle(teams, other), first);
            Assert.DoesNotContain(other, await card.CardTextAsync(), StringComparison.Ordinal);
        },
        name: $"{nameof(HelpCard_LanguageButton_SwitchesLanguageBothWays)}_{kind}");

    [RequiresTheory(PlaygroundFixture.Needs)]
    [InlineData(ConversationKind.Personal)]
    [InlineData(ConversationKind.GroupChat)]
    [InlineData(ConversationKind.Channel)]
    public Task HelpCard_CommandButton_RunsTheCommand(ConversationKind kind) => playground.RunAsync(
        async teams =>
        {
            var conversation = await OpenAsync(teams, kind);
            var card = await SendHelpAsync(conversation);
            var helpJson = teams.LatestCard(c => HelpTitle().IsMatch(TeamsClient.CardText(c)))
                ?? throw new InvalidOperationException("The help card JSON was not seen on the conversation stream.");
            var commandButtons = TeamsClient.Actions(helpJson)
                .Where(a => (string?)a["type"] == "Action.Submit" && (string?)a["data"]?["verb"] == "command.run")
                .ToList();
            Assert.NotEmpty(commandButtons);

            // Prefer the button that runs help itself: its answer is known (another help card).
            var button = commandButtons.FirstOrDefault(a => (string?)a["data"]?["command"] is "help" or "帮助") ?? commandButtons[0];
            var title = (string?)button["title"] ?? throw new InvalidOperationException($"Command button without title in {helpJson.ToJsonString()}");
            var reply = await card.ClickAndWaitForReplyAsync(title);

            var text = await reply.TextAsync();
            Assert.False(string.IsNullOrWhiteSpace(text), "The command button produced an empty reply.");
            if ((string?)button["data"]?["command"] is "help" or "帮助")
            {
                Assert.Matches(HelpTitle(), text);
            }
        },
        name: $"{nameof(HelpCard_CommandButton_RunsTheCommand)}_{kind}");

    [RequiresFact(PlaygroundFixture.Needs)]
    public Task GroupChat_MessageWithoutMention_IsNotAnswered() => playground.RunAsync(async teams =>
    {
        var chat = await teams.OpenGroupChatAsync();
        var before = await chat.BotMessages.CountAsync();

        // Typed without the @mention: Teams (and the playground) does not deliver it to the bot.
        await teams.Page.Locator("[data-lexical-editor=\"true\"][role=\"textbox\"]").First.ClickAsync();
        await teams.Page.Keyboard.TypeAsync("help");
        await teams.Page.Keyboard.PressAsync("Enter");

        Assert.True(await chat.StaysQuietAsync(before, TimeSpan.FromSeconds(2)), "The bot answered a group message that did not mention it.");
    });

    private static Task<Conversation> OpenAsync(TeamsClient teams, ConversationKind kind) => kind switch
    {
        ConversationKind.Personal => teams.OpenPersonalChatAsync(),
        ConversationKind.GroupChat => teams.OpenGroupChatAsync(),
        _ => teams.OpenChannelAsync(),
    };

    private static async Task<BotMessage> SendHelpAsync(Conversation conversation)
    {
        var before = await conversation.SendOnlyAsync("help");
        // Match the help title: a late welcome card (install events) may arrive after the send too.
        return await conversation.WaitForBotCardAsync(before, HelpTitle());
    }

    /// <summary>The title of the help.language Execute button on the newest help card showing <paramref name="title"/>.</summary>
    private static string LanguageButtonTitle(TeamsClient teams, string title)
    {
        var card = teams.LatestCard(c => TeamsClient.CardText(c).Contains(title, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No card JSON with '{title}' was received.");
        var action = TeamsClient.Actions(card).FirstOrDefault(a => (string?)a["type"] == "Action.Execute" && (string?)a["verb"] == "help.language")
            ?? throw new InvalidOperationException($"The help card has no Action.Execute with verb help.language: {card.ToJsonString()}");
        return (string?)action["title"] ?? throw new InvalidOperationException("The help.language button has no title.");
    }

    [GeneratedRegex("OrgLife 帮助|OrgLife help")]
    private static partial Regex HelpTitle();
}
