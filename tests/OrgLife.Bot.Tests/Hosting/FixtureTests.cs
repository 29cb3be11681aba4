using System.Net;
using System.Text.Json.Nodes;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>Every inbound payload captured from Microsoft's Teams emulator gets the right HTTP answer.</summary>
public sealed class FixtureTests
{
    public static TheoryData<string> InboundFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in ProtocolFixtures.Files().Where(f => !Path.GetFileName(f).StartsWith("connector-", StringComparison.Ordinal)))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InboundFixtures))]
    public async Task CapturedActivity_IsAnsweredAsTeamsExpects(string fixture)
    {
        await using var app = await BotApplication.StartAsync();
        var body = JsonNode.Parse(await File.ReadAllTextAsync(ProtocolFixtures.Path(fixture)))!["request"]!["body"]!.AsObject();
        // Replies go to our local Connector instead of the emulator's.
        body["serviceUrl"] = app.ServiceUrl;

        using var response = await app.PostAsync(body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (body["type"]!.GetValue<string>() == "invoke")
        {
            var invoke = JsonNode.Parse(text)!;
            Assert.Equal(200, invoke["statusCode"]!.GetValue<int>());
            Assert.StartsWith("application/vnd.microsoft.", invoke["type"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(text);
        }

        // A user message or a button always gets an answer; events never produce an error reply.
        if (body["type"]!.GetValue<string>() == "message")
        {
            var sent = await app.Connector.WaitForActivitiesAsync(1);
            Assert.DoesNotContain("出错", sent[0].Activity.Text ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownInvoke_Gets501()
    {
        await using var app = await BotApplication.StartAsync();
        var body = JsonNode.Parse(await File.ReadAllTextAsync(ProtocolFixtures.Path("invoke-adaptiveCard-action.json")))!["request"]!["body"]!.AsObject();
        body["serviceUrl"] = app.ServiceUrl;
        body["name"] = "composeExtension/query";

        using var response = await app.PostAsync(body);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }
}
