using Microsoft.Playwright;

namespace OrgLife.EndToEnd.Tests.Playground;

/// <summary>One bot message in the UI: its text, and its Adaptive Card's buttons and inputs.</summary>
public sealed class BotMessage
{
    private readonly Conversation _conversation;

    internal BotMessage(Conversation conversation, ILocator root)
    {
        _conversation = conversation;
        Root = root;
    }

    /// <summary>The message element (header + body).</summary>
    public ILocator Root { get; }

    /// <summary>The rendered Adaptive Card (<c>.ac-adaptiveCard</c>) in this message.</summary>
    public ILocator Card => Root.Locator(".ac-adaptiveCard").First;

    /// <summary>The message's visible text (card text included), whitespace as rendered.</summary>
    public Task<string> TextAsync() => Root.InnerTextAsync();

    /// <summary>The card's visible text.</summary>
    public Task<string> CardTextAsync() => Card.InnerTextAsync();

    /// <summary>A card button by its title.</summary>
    public ILocator Button(string title) => Root.Locator($"button[title=\"{title.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]").First;

    /// <summary>Fills the card input labelled <paramref name="label"/> (Adaptive Card <c>label</c>), or with that placeholder.</summary>
    public async Task FillAsync(string label, string value)
    {
        var byLabel = Root.GetByLabel(label);
        var input = await byLabel.CountAsync() > 0 ? byLabel.First : Root.GetByPlaceholder(label).First;
        await input.FillAsync(value);
    }

    /// <summary>
    /// Clicks an <c>Action.Submit</c> button and returns the bot's next message (the submit arrives as a
    /// message activity; the bot answers with a new message).
    /// </summary>
    public async Task<BotMessage> ClickAndWaitForReplyAsync(string title)
    {
        var before = await _conversation.BotMessages.CountAsync();
        await Button(title).ClickAsync();
        return await _conversation.WaitForBotMessageAsync(before);
    }

    /// <summary>
    /// Clicks an <c>Action.Execute</c> button and waits until this card shows <paramref name="expectedText"/>
    /// (the updated card comes back in the invoke response and replaces this one in place).
    /// </summary>
    public async Task ClickAndWaitForUpdateAsync(string title, string expectedText)
    {
        await Button(title).ClickAsync();
        await WaitForTextAsync(expectedText);
    }

    /// <summary>Waits until the message contains <paramref name="text"/>.</summary>
    public Task WaitForTextAsync(string text, TimeSpan? timeout = null) =>
        Assertions.Expect(Root).ToContainTextAsync(text, new() { Timeout = (float)(timeout ?? _conversation.ReplyTimeout).TotalMilliseconds });
}
