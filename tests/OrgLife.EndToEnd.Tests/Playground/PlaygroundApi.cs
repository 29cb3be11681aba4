using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrgLife.EndToEnd.Tests.Playground;

/// <summary>
/// The Agents Playground's own HTTP API (what its UI calls; PLAYGROUND.md §5). For setup and for steps where
/// the UI is flaky; scenarios should still go through <see cref="TeamsClient"/> for what they test.
/// </summary>
public sealed class PlaygroundApi(HttpClient http)
{
    /// <summary>The signed-in mock user.</summary>
    public const string UserId = "user-id-0";

    /// <summary>The bot's display name in the playground.</summary>
    public const string BotName = "Test Bot";

    /// <summary>Users, bot, personal/group chat ids, team and channels (no side effects).</summary>
    public async Task<JsonObject> GetTestConfigAsync() =>
        (JsonObject)(await http.GetFromJsonAsync<JsonNode>("/_internal/v1/testConfig"))!["config"]!;

    /// <summary>Ids of the personal chat, the first group chat and the team's General channel.</summary>
    public async Task<(string Personal, string Group, string Channel, string BotId)> GetConversationIdsAsync()
    {
        var config = await GetTestConfigAsync();
        var group = config["groupChats"]!.AsArray()[0]!["id"]!.GetValue<string>();
        var channel = config["team"]?["channels"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() ?? "team-id";
        return (config["personalChat"]!["id"]!.GetValue<string>(), group, channel, config["bot"]!["id"]!.GetValue<string>());
    }

    /// <summary>The user sends <paramref name="text"/>; in group chats and channels the bot must be mentioned to receive it.</summary>
    public async Task<JsonObject> SendMessageAsync(string conversationId, string text, bool mentionBot = false)
    {
        var botId = (await GetConversationIdsAsync()).BotId;
        var body = new JsonObject
        {
            ["type"] = "text",
            ["text"] = mentionBot ? $"<at>{BotName}</at> {text}" : text,
            ["textFormat"] = "plain",
            ["from"] = new JsonObject { ["id"] = UserId },
        };
        if (mentionBot)
        {
            body["mentions"] = new JsonArray(new JsonObject { ["mentioned"] = new JsonObject { ["id"] = botId, ["name"] = BotName }, ["text"] = $"<at>{BotName}</at>" });
        }

        return await PostAsync($"/_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", body);
    }

    /// <summary>Action.Submit on the card message <paramref name="cardMessageId"/>: <paramref name="value"/> = data + inputs.</summary>
    public Task<JsonObject> SubmitAsync(string conversationId, string cardMessageId, JsonObject value) =>
        PostAsync("/_conversation/v1/submit", new JsonObject
        {
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["replyToId"] = cardMessageId,
            ["value"] = value,
            ["from"] = new JsonObject { ["id"] = UserId },
        });

    /// <summary>Action.Execute on the card message; returns the bot's invoke response <c>{type, value}</c>.</summary>
    public Task<JsonObject> ExecuteAsync(string conversationId, string cardMessageId, string verb, JsonObject? data = null, string title = "") =>
        PostAsync("/_conversation/v1/invoke", new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = verb, ["data"] = data ?? [] } },
            ["from"] = new JsonObject { ["id"] = UserId },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["replyToId"] = cardMessageId,
        });

    /// <summary>Sends the install events (installationUpdate add + conversationUpdate membersAdded) for a conversation.</summary>
    public Task<JsonObject> InstallAsync(string conversationId) =>
        PostAsync($"/_debug/conversation/{Uri.EscapeDataString(conversationId)}/installation", []);

    private async Task<JsonObject> PostAsync(string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["value"] = JsonNode.Parse(text) };
    }
}
