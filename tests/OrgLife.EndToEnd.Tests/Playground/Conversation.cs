using Microsoft.Playwright;

namespace OrgLife.EndToEnd.Tests.Playground;

/// <summary>
/// An open conversation in the playground UI. <see cref="SendAsync"/> types like a user (with an @mention of
/// the bot in group chats and channels) and returns the bot's next reply.
/// </summary>
public sealed class Conversation
{
    /// <summary>
    /// A bot message: in chats the element holding "Message header" (author "Test Bot") and the body; in a
    /// channel thread the element holding the "Test Bot" avatar row and the body.
    /// </summary>
    internal const string BotMessageSelector =
        "div:has(> [aria-label=\"Message header\"] [aria-label=\"Message author\"]:text-is(\"Test Bot\")), " +
        "div:not([id^=\"fui-CardHeader__header\"]):has(> div > span[role=\"img\"][aria-label=\"Test Bot\"])";

    private const string Composer = "[data-lexical-editor=\"true\"][role=\"textbox\"]";
    private readonly IPage _page;
    private ILocator? _thread;

    internal Conversation(IPage page, ConversationKind kind)
    {
        _page = page;
        Kind = kind;
    }

    /// <summary>Personal, group chat or channel.</summary>
    public ConversationKind Kind { get; }

    /// <summary>Default wait for the bot's reply.</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Every bot message in view, oldest first: the chat, or in a channel the thread of the post this
    /// conversation started (before the first send: the bot's own posts).
    /// </summary>
    public ILocator BotMessages => Kind == ConversationKind.Channel && _thread is null
        ? _page.Locator("[role=\"group\"]").Filter(new() { Has = _page.Locator("[id^=\"fui-CardHeader__header\"] span[role=\"img\"][aria-label=\"Test Bot\"]") })
        : (_thread ?? _page.Locator("body")).Locator(BotMessageSelector);

    /// <summary>The bot message at <paramref name="index"/> (0 = oldest in view).</summary>
    public BotMessage BotMessage(int index) => new(this, BotMessages.Nth(index));

    /// <summary>The newest bot message in view.</summary>
    public BotMessage LastBotMessage => new(this, BotMessages.Last);

    /// <summary>The newest bot message whose card or text contains <paramref name="text"/>.</summary>
    public BotMessage FindBotMessage(string text) => new(this, BotMessages.Filter(new() { HasText = text }).Last);

    /// <summary>
    /// Sends <paramref name="text"/> as the user — with an @mention of "Test Bot" in group chats and channels
    /// (the bot hears nothing else there) — and waits for the bot's next message.
    /// </summary>
    public async Task<BotMessage> SendAsync(string text)
    {
        var before = await SendOnlyAsync(text);
        return await WaitForBotMessageAsync(before);
    }

    /// <summary>Sends without waiting; returns the bot message count before the send (for <see cref="WaitForBotMessageAsync"/>).</summary>
    public async Task<int> SendOnlyAsync(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (Kind == ConversationKind.Channel && _thread is null)
        {
            await StartChannelThreadAsync();
        }

        var before = await BotMessages.CountAsync();
        var composer = (_thread ?? _page.Locator("body")).Locator(Composer).First;
        await composer.ClickAsync();
        if (Kind != ConversationKind.Personal)
        {
            await MentionBotAsync();
        }

        await _page.Keyboard.TypeAsync(text);
        await _page.Keyboard.PressAsync("Enter");
        return before;
    }

    /// <summary>Waits for the bot message number <paramref name="before"/> (0-based), i.e. the first one after a send that saw <paramref name="before"/> messages.</summary>
    public async Task<BotMessage> WaitForBotMessageAsync(int before, TimeSpan? timeout = null)
    {
        var message = BotMessages.Nth(before);
        await message.WaitForAsync(new() { Timeout = (float)(timeout ?? ReplyTimeout).TotalMilliseconds });
        return new BotMessage(this, message);
    }

    /// <summary>Waits for the first bot message after <paramref name="before"/> that shows an Adaptive Card (a text+card reply arrives as two messages).</summary>
    public async Task<BotMessage> WaitForBotCardAsync(int before, TimeSpan? timeout = null) => await WaitForBotCardAsync(before, null, timeout);

    /// <summary>Waits for the first bot message after <paramref name="before"/> whose card text matches <paramref name="cardText"/> (any card when null).</summary>
    public async Task<BotMessage> WaitForBotCardAsync(int before, System.Text.RegularExpressions.Regex? cardText, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? ReplyTimeout);
        while (true)
        {
            var count = await BotMessages.CountAsync();
            for (var i = before; i < count; i++)
            {
                var candidate = BotMessages.Nth(i);
                var card = candidate.Locator(".ac-adaptiveCard");
                if (await card.CountAsync() > 0 && (cardText is null || cardText.IsMatch(await card.First.InnerTextAsync())))
                {
                    return new BotMessage(this, candidate);
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No bot card{(cardText is null ? string.Empty : $" matching /{cardText}/")} after message #{before} within {(timeout ?? ReplyTimeout).TotalSeconds:0} s ({count} bot messages in view).");
            }

            await _page.WaitForTimeoutAsync(200);
        }
    }

    /// <summary>Asserts that no new bot message appears within <paramref name="quiet"/> (e.g. an unmentioned group message).</summary>
    public async Task<bool> StaysQuietAsync(int before, TimeSpan quiet)
    {
        await _page.WaitForTimeoutAsync((float)quiet.TotalMilliseconds);
        return await BotMessages.CountAsync() == before;
    }

    /// <summary>Waits until the number of bot messages has not changed for 2 s (welcome replies after install).</summary>
    internal async Task SettleAsync()
    {
        var last = -1;
        var stableSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var count = await BotMessages.CountAsync();
            if (count != last)
            {
                last = count;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(2))
            {
                return;
            }

            await _page.WaitForTimeoutAsync(150);
        }
    }

    /// <summary>
    /// Starts this conversation's thread with a post that does not mention the bot (so the bot never sees
    /// it, as in Teams). Commands then go in the thread. Why not post the command itself: the playground
    /// UI learns a new post's id only when its POST returns, and the bot replies before it answers that
    /// POST, so the UI drops a reply to a brand-new post (seen about one run in three).
    /// </summary>
    private async Task StartChannelThreadAsync()
    {
        var marker = $"OrgLife e2e thread {Guid.NewGuid():N}"[..27];
        // Grab the handles before typing: the placeholder text the locator filters on vanishes.
        var newPost = _page.GetByRole(AriaRole.Group).Filter(new() { HasText = "Start a new post" });
        var composer = await newPost.Locator(Composer).First.ElementHandleAsync();
        var post = await newPost.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ElementHandleAsync();
        await composer.ClickAsync();
        await _page.Keyboard.TypeAsync(marker);
        await post.ClickAsync();

        _thread = _page.GetByRole(AriaRole.Group)
            .Filter(new() { HasNot = _page.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }) })
            .Filter(new() { HasText = marker })
            .First;
        await _thread.Locator(Composer).First.WaitForAsync();
    }

    private async Task MentionBotAsync()
    {
        await _page.Keyboard.TypeAsync("@");
        await _page.Locator("#typeahead-menu [role=\"menuitem\"]").Filter(new() { HasText = PlaygroundApi.BotName }).First.ClickAsync();
        await _page.Keyboard.TypeAsync(" ");
    }
}
