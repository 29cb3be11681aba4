using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OrgLife.EndToEnd.Tests.Playground;

/// <summary>Where a conversation lives in the playground.</summary>
public enum ConversationKind
{
    /// <summary>1:1 chat with the bot ("Personal Chat").</summary>
    Personal,

    /// <summary>The mock group chat ("Group Chat"); the bot only hears @mentions.</summary>
    GroupChat,

    /// <summary>A team channel ("My Team - General"); each send starts a post, replies go in its thread.</summary>
    Channel,
}

/// <summary>
/// One browser page on the playground UI, as the signed-in user "Alex Wilber". Open a conversation, then
/// send, click and read through <see cref="Conversation"/>.
/// </summary>
public sealed class TeamsClient
{
    private const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    private readonly Uri _playgroundUri;
    private readonly List<JsonObject> _cards = [];
    private readonly Lock _gate = new();
    private bool _loaded;
    private int _messageUpdates;

    internal TeamsClient(IPage page, PlaygroundApi api, Uri playgroundUri)
    {
        Page = page;
        Api = api;
        _playgroundUri = playgroundUri;
        // Record every card the UI receives: from the conversation stream (bot messages and updates) and
        // from Action.Execute invoke responses (which replace a card without a stream event). Tests read
        // the card JSON from here to find a button by verb instead of guessing its title.
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Text?.Contains("\"updateMessage\"", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _messageUpdates);
            }

            Record(frame.Text);
        };
        page.Response += async (_, response) =>
        {
            if (response.Url.Contains("/_conversation/v1/invoke", StringComparison.Ordinal))
            {
                try
                {
                    Record(await response.TextAsync());
                }
                catch (PlaywrightException)
                {
                    // Page closed before the body was read.
                }
            }
        };
    }

    /// <summary>The Playwright page (for anything the helpers do not cover).</summary>
    public IPage Page { get; }

    /// <summary>The playground HTTP API (for setup or steps where the UI is flaky).</summary>
    public PlaygroundApi Api { get; }

    /// <summary>Every Adaptive Card the UI received so far (card content JSON), oldest first.</summary>
    public IReadOnlyList<JsonObject> ReceivedCards
    {
        get
        {
            lock (_gate)
            {
                return [.. _cards];
            }
        }
    }

    /// <summary>How many message updates (the bot editing a message it sent) the UI received so far.</summary>
    public int MessageUpdates => Volatile.Read(ref _messageUpdates);

    /// <summary>Waits until the UI has received more than <paramref name="seen"/> message updates (see <see cref="MessageUpdates"/>).</summary>
    public async Task WaitForMessageUpdateAsync(int seen, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (MessageUpdates <= seen)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message update after the {seen} seen within {(timeout ?? TimeSpan.FromSeconds(20)).TotalSeconds:0} s.");
            }

            await Page.WaitForTimeoutAsync(100);
        }
    }

    /// <summary>The newest received card that satisfies <paramref name="predicate"/>, or null.</summary>
    public JsonObject? LatestCard(Func<JsonObject, bool> predicate) => ReceivedCards.LastOrDefault(predicate);

    /// <summary>Every action in <paramref name="card"/> (card actions, ActionSets, ShowCard sub-cards, selectActions).</summary>
    public static IEnumerable<JsonObject> Actions(JsonNode? card)
    {
        switch (card)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue type && type.TryGetValue<string>(out var name) && name.StartsWith("Action.", StringComparison.Ordinal))
                {
                    yield return obj;
                }

                foreach (var (_, value) in obj)
                {
                    foreach (var action in Actions(value))
                    {
                        yield return action;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var action in Actions(item))
                    {
                        yield return action;
                    }
                }

                break;
        }
    }

    /// <summary>All visible text of a card JSON (TextBlock texts, titles), for matching.</summary>
    public static string CardText(JsonNode? card) => card switch
    {
        JsonObject obj => string.Join("\n", obj.Where(p => p.Key is "text" or "title" && p.Value is JsonValue).Select(p => p.Value!.ToString())
            .Concat(obj.Where(p => p.Value is JsonObject or JsonArray).Select(p => CardText(p.Value)))),
        JsonArray array => string.Join("\n", array.Select(CardText)),
        _ => string.Empty,
    };

    private void Record(string? json)
    {
        if (string.IsNullOrEmpty(json) || json[0] is not ('{' or '['))
        {
            return;
        }

        try
        {
            Collect(JsonNode.Parse(json));
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a ping frame).
        }
    }

    private void Collect(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                // A message attachment {contentType, content} or an invoke response {type, value}.
                var contentType = (obj["contentType"] ?? obj["type"]) is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
                var card = contentType == AdaptiveCard ? (obj["content"] ?? obj["value"]) as JsonObject : null;
                if (card is not null)
                {
                    lock (_gate)
                    {
                        _cards.Add(card);
                    }

                    return;
                }

                foreach (var (_, value) in obj)
                {
                    Collect(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item);
                }

                break;
        }
    }

    /// <summary>Opens the 1:1 chat with the bot (the page load itself installs the app there).</summary>
    public Task<Conversation> OpenPersonalChatAsync() => OpenAsync(ConversationKind.Personal, "Personal Chat");

    /// <summary>Opens the group chat; its first visit installs the app there.</summary>
    public Task<Conversation> OpenGroupChatAsync() => OpenAsync(ConversationKind.GroupChat, "Group Chat");

    /// <summary>Opens a channel of "My Team" (General or Announcements).</summary>
    public Task<Conversation> OpenChannelAsync(string channel = "General") => OpenAsync(ConversationKind.Channel, $"My Team - {channel}");

    private async Task<Conversation> OpenAsync(ConversationKind kind, string treeItem)
    {
        var item = Page.GetByRole(AriaRole.Treeitem, new() { Name = treeItem });
        // Page load and every first visit to a conversation send installationUpdate + conversationUpdate;
        // catch that request so its welcome reply is not mistaken for an answer to the next send.
        var installed = Page.WaitForResponseAsync(r => r.Url.Contains("/installation", StringComparison.Ordinal), new() { Timeout = 15_000 });
        if (!_loaded)
        {
            await Page.GotoAsync(_playgroundUri.ToString());
            _loaded = true;
            await item.WaitForAsync();
        }

        var selected = await item.GetAttributeAsync("aria-selected") == "true";
        if (!selected)
        {
            await item.ClickAsync();
        }

        try
        {
            await installed;
        }
        catch (TimeoutException)
        {
            // Already visited in this page: no install events this time.
        }

        var conversation = new Conversation(Page, kind);
        await conversation.SettleAsync();
        return conversation;
    }
}
