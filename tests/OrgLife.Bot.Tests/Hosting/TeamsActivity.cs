using System.Text.Json.Nodes;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>A Teams user or bot in tests.</summary>
public sealed record TestUser(string Id, string Name, string AadObjectId)
{
    public static readonly TestUser Alex = new("29:alex", "Alex Wilber", "aad-alex");
    public static readonly TestUser Megan = new("29:megan", "Megan Bowen", "aad-megan");
    public static readonly TestUser Lee = new("29:lee", "李明", "aad-lee");
    public static readonly TestUser Bot = new("28:" + BotApplication.AppId, "OrgLife", "");

    public JsonObject Account() => new() { ["id"] = Id, ["name"] = Name, ["aadObjectId"] = AadObjectId };
}

/// <summary>Where a test activity happens.</summary>
public sealed record TestConversation(string Id, string Type, string? TeamId = null)
{
    public static TestConversation Personal(TestUser user) => new("a:personal-" + user.Id[3..], "personal");
    public static readonly TestConversation GroupChat = new("19:groupchat@thread.v2", "groupChat");
    public static readonly TestConversation Channel = new("19:general@thread.tacv2;messageid=1700000000000", "channel", "19:team@thread.tacv2");
}

/// <summary>Builds activities shaped like the captured Teams/playground payloads.</summary>
public static class TeamsActivity
{
    public static JsonObject Message(BotApplication app, TestUser from, TestConversation conversation, string text, string locale = "zh-CN", bool mentionBot = false, params TestUser[] mentions)
    {
        var entities = new JsonArray();
        if (mentionBot || conversation.Type != "personal")
        {
            text = "<at>OrgLife</at> " + text;
            entities.Add(Mention(TestUser.Bot));
        }

        foreach (var person in mentions)
        {
            text += $" <at>{person.Name}</at>";
            entities.Add(Mention(person));
        }

        var activity = Base(app, "message", from, conversation, locale);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        activity["entities"] = entities;
        return activity;
    }

    public static JsonObject Submit(BotApplication app, TestUser from, TestConversation conversation, JsonObject value, string replyToId, string locale = "zh-CN")
    {
        var activity = Base(app, "message", from, conversation, locale);
        activity["value"] = value;
        activity["replyToId"] = replyToId;
        return activity;
    }

    public static JsonObject Execute(BotApplication app, TestUser from, TestConversation conversation, string verb, JsonObject data, string replyToId, string locale = "zh-CN", string trigger = "manual")
    {
        var activity = Base(app, "invoke", from, conversation, locale);
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = replyToId;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = trigger,
        };
        return activity;
    }

    public static JsonObject InstallationUpdate(BotApplication app, TestUser from, TestConversation conversation, string action, string locale = "zh-CN")
    {
        var activity = Base(app, "installationUpdate", from, conversation, locale);
        activity["action"] = action;
        return activity;
    }

    public static JsonObject MembersAdded(BotApplication app, TestUser from, TestConversation conversation, params TestUser[] added)
    {
        var activity = Base(app, "conversationUpdate", from, conversation, "zh-CN");
        activity["membersAdded"] = new JsonArray([.. added.Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["aadObjectId"] = a.AadObjectId })]);
        return activity;
    }

    private static JsonObject Mention(TestUser who) => new()
    {
        ["type"] = "mention",
        ["text"] = $"<at>{who.Name}</at>",
        ["mentioned"] = new JsonObject { ["id"] = who.Id, ["name"] = who.Name },
    };

    private static JsonObject Base(BotApplication app, string type, TestUser from, TestConversation conversation, string locale)
    {
        var channelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = BotApplication.TenantId } };
        if (conversation.TeamId is not null)
        {
            channelData["team"] = new JsonObject { ["id"] = conversation.TeamId, ["name"] = "第一党支部" };
            channelData["channel"] = new JsonObject { ["id"] = conversation.Id.Split(';')[0], ["name"] = "General" };
        }

        return new JsonObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = app.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = from.Account(),
            ["recipient"] = TestUser.Bot.Account(),
            ["conversation"] = new JsonObject
            {
                ["id"] = conversation.Id,
                ["conversationType"] = conversation.Type,
                ["tenantId"] = BotApplication.TenantId,
                ["isGroup"] = conversation.Type != "personal",
            },
            ["locale"] = locale,
            ["channelData"] = channelData,
        };
    }
}
