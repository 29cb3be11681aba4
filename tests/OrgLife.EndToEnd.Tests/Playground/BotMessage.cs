using System.Globalization;
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

    /// <summary>Picks <paramref name="option"/> in the card's compact <c>Input.ChoiceSet</c> labelled <paramref name="label"/> (a Fluent combobox; its list opens in a popup).</summary>
    public async Task ChooseAsync(string label, string option)
    {
        await Root.GetByLabel(label).First.ClickAsync();
        await Root.Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).First.ClickAsync();
    }

    /// <summary>
    /// Sets the card's <c>Input.Date</c> labelled <paramref name="label"/>. The playground renders it as a Fluent
    /// date picker that accepts typed text and parses it when the field loses focus (yyyy/MM/dd is read as a
    /// local date, unlike yyyy-MM-dd which JavaScript reads as UTC midnight). No click first: a click opens the
    /// calendar, and closing it re-reads the field before the text is in.
    /// </summary>
    public async Task FillDateAsync(string label, DateOnly date)
    {
        var input = Root.GetByLabel(label).First;
        await input.FillAsync(date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));
        await input.PressAsync("Tab");
        // The picker shows the parsed date in its own format; an unparsed text would leave the field empty.
        await Assertions.Expect(input).Not.ToHaveValueAsync(string.Empty);
    }

    /// <summary>Sets the card's <c>Input.Time</c> labelled <paramref name="label"/>: a free-form Fluent time picker, committed with Enter.</summary>
    public async Task FillTimeAsync(string label, TimeOnly time)
    {
        var input = Root.GetByLabel(label).First;
        await input.ClickAsync();
        await input.FillAsync(time.ToString("HH:mm", CultureInfo.InvariantCulture));
        await input.PressAsync("Enter");
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
