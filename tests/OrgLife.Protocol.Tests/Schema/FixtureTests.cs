using System.Text.Json;
using System.Text.Json.Nodes;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Protocol.Tests.Support;

namespace OrgLife.Protocol.Tests.Schema;

public sealed class FixtureTests
{
    /// <summary>Where each captured inbound activity must be routed.</summary>
    private static readonly Dictionary<string, string[]> ExpectedRoutes = new(StringComparer.Ordinal)
    {
        ["message.json"] = ["message"],
        ["message-groupchat-mention.json"] = ["message"],
        ["message-channel-new-post.json"] = ["message"],
        ["message-channel-thread-reply.json"] = ["message"],
        ["message-with-value.json"] = ["submit"],
        ["message-with-value-channel.json"] = ["submit"],
        ["invoke-adaptiveCard-action.json"] = ["execute:checkin"],
        ["invoke-adaptiveCard-action-channel.json"] = ["execute:checkin"],
        ["conversationUpdate.json"] = ["conversationUpdate", "membersAdded:user-id-0,00000000-0000-0000-0000-00000000000011"],
        ["conversationUpdate-botAdded-groupchat.json"] = ["conversationUpdate", "membersAdded:00000000-0000-0000-0000-00000000000011"],
        ["conversationUpdate-botRemoved.json"] = ["conversationUpdate", "membersRemoved:00000000-0000-0000-0000-00000000000011"],
        ["conversationUpdate-userAdded.json"] = ["conversationUpdate", "membersAdded:user-id-0"],
        ["conversationUpdate-userRemoved.json"] = ["conversationUpdate", "membersRemoved:user-id-0"],
        ["conversationUpdate-teamMemberAdded-bot.json"] = ["conversationUpdate", "membersAdded:00000000-0000-0000-0000-00000000000011"],
        ["conversationUpdate-channelCreated.json"] = ["conversationUpdate"],
        ["conversationUpdate-channelDeleted.json"] = ["conversationUpdate"],
        ["conversationUpdate-channelRenamed.json"] = ["conversationUpdate"],
        ["conversationUpdate-teamRenamed.json"] = ["conversationUpdate"],
        ["conversationUpdate-teamDeleted.json"] = ["conversationUpdate"],
        ["installationUpdate-add.json"] = ["installationAdd"],
        ["installationUpdate-add-groupchat.json"] = ["installationAdd"],
        ["installationUpdate-remove.json"] = ["installationRemove"],
    };

    public static TheoryData<string> InboundFixtures() => [.. Fixtures.InboundFileNames()];

    [Fact]
    public void InboundFixtures_Everyone_HasAnExpectedRoute()
    {
        var files = Fixtures.InboundFileNames().ToList();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(ExpectedRoutes.ContainsKey(f), $"{f} has no expected route in this test."));
    }

    [Theory]
    [MemberData(nameof(InboundFixtures))]
    public void Deserialize_InboundFixture_RoundTripsEveryField(string fileName)
    {
        var original = Fixtures.Body(fileName);

        var activity = JsonSerializer.Deserialize(original.ToJsonString(), ProtocolJsonContext.Default.Activity)!;
        var reserialized = JsonNode.Parse(JsonSerializer.Serialize(activity, ProtocolJsonContext.Default.Activity))!.AsObject();

        Assert.NotNull(activity.Type);
        Assert.Equal(original.Select(p => p.Key).Order(StringComparer.Ordinal), reserialized.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (key, value) in original)
        {
            if (key is "timestamp" or "localTimestamp")
            {
                Assert.Equal(DateTimeOffset.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)reserialized[key]!, System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            Assert.True(JsonNode.DeepEquals(value, reserialized[key]), $"{fileName}: '{key}' changed: {value?.ToJsonString()} → {reserialized[key]?.ToJsonString()}");
        }
    }

    [Fact]
    public void Deserialize_UnknownFields_AreKeptOnReserialization()
    {
        var body = Fixtures.Body("message.json");
        body["futureField"] = new JsonObject { ["nested"] = new JsonArray(1, 2) };
        body["from"]!["futureAccountField"] = "x";

        var activity = JsonSerializer.Deserialize(body.ToJsonString(), ProtocolJsonContext.Default.Activity)!;
        var reserialized = JsonNode.Parse(JsonSerializer.Serialize(activity, ProtocolJsonContext.Default.Activity))!;

        Assert.True(JsonNode.DeepEquals(body["futureField"], reserialized["futureField"]));
        Assert.Equal("x", (string?)reserialized["from"]!["futureAccountField"]);
    }

    [Theory]
    [MemberData(nameof(InboundFixtures))]
    public async Task OnTurnAsync_InboundFixture_ReachesTheExpectedHandler(string fileName)
    {
        var activity = JsonSerializer.Deserialize(Fixtures.Body(fileName).ToJsonString(), ProtocolJsonContext.Default.Activity)!;
        var bot = new RecordingBot();

        await bot.OnTurnAsync(new TurnContext(activity, new Connector.NoConnector()), CancellationToken.None);

        Assert.Equal(ExpectedRoutes[fileName], bot.Calls);
    }

    [Theory]
    [MemberData(nameof(InboundFixtures))]
    public async Task Post_InboundFixture_AnswersWhatTheCaptureBotAnswered(string fileName)
    {
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?>());
        host.Bot.InvokeAnswer = AdaptiveCardInvokeResponse.Message("ok");
        var expected = Fixtures.Load(fileName)["botResponse"]!;

        using var response = await host.PostAsync(Fixtures.Body(fileName).ToJsonString());

        Assert.Equal((int)expected["status"]!, (int)response.StatusCode);
        Assert.Equal(expected["body"] is null, (await response.Content.ReadAsByteArrayAsync()).Length == 0);
    }

    [Fact]
    public void FromInvoke_ExecuteFixture_CarriesVerbDataAndCardId()
    {
        var activity = JsonSerializer.Deserialize(Fixtures.Body("invoke-adaptiveCard-action.json").ToJsonString(), ProtocolJsonContext.Default.Activity)!;

        var action = CardAction.FromInvoke(activity)!;

        Assert.Equal("checkin", action.Verb);
        Assert.True(action.IsExecute);
        Assert.Equal("exec-input", action.GetString("comment"));
        Assert.Equal("1795291178712-f0c674ce", action.CardActivityId);
        Assert.False(action.IsRefresh);
    }

    [Fact]
    public void FromSubmit_SubmitFixture_CarriesInputsAndEmptyVerb()
    {
        var activity = JsonSerializer.Deserialize(Fixtures.Body("message-with-value.json").ToJsonString(), ProtocolJsonContext.Default.Activity)!;

        var action = CardAction.FromSubmit(activity)!;

        Assert.Equal(string.Empty, action.Verb);
        Assert.False(action.IsExecute);
        Assert.Equal("from-driver", action.GetString("comment"));
        Assert.Equal(activity.ReplyToId, action.CardActivityId);
    }

    [Fact]
    public void GetCommandText_GroupChatMention_StripsTheBotMention()
    {
        var activity = JsonSerializer.Deserialize(Fixtures.Body("message-groupchat-mention.json").ToJsonString(), ProtocolJsonContext.Default.Activity)!;

        var text = activity.GetCommandText();

        Assert.DoesNotContain("<at>", text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(text));
    }

    [Theory]
    [InlineData("connector-create-conversation.json", typeof(ConversationParameters))]
    [InlineData("connector-send-to-conversation.json", typeof(Activity))]
    [InlineData("connector-update-activity.json", typeof(Activity))]
    public void Deserialize_ConnectorFixtureRequest_Parses(string fileName, Type type)
    {
        var body = Fixtures.Load(fileName)["request"]!["body"]!.ToJsonString();

        var parsed = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.GetTypeInfo(type)!);

        Assert.NotNull(parsed);
    }

    [Theory]
    [InlineData("connector-get-conversation-member.json")]
    public void Deserialize_MemberFixtureResponse_ReadsObjectId(string fileName)
    {
        var body = Fixtures.Load(fileName)["response"]!["body"]!.ToJsonString();

        var member = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.TeamsChannelAccount)!;

        Assert.NotNull(member.Id);
        Assert.NotNull(member.EffectiveAadObjectId);
    }

    [Fact]
    public void Deserialize_PagedMembersFixtureResponse_ReadsMembers()
    {
        var body = Fixtures.Load("connector-get-paged-members.json")["response"]!["body"]!.ToJsonString();

        var page = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.PagedMembersResult)!;

        Assert.NotEmpty(page.Members);
    }
}
