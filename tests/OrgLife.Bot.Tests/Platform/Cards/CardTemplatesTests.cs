using System.Text.Json.Nodes;
using OrgLife.Bot.Platform.Cards;

namespace OrgLife.Bot.Tests.Platform.Cards;

public sealed class CardTemplatesTests
{
    private static readonly CardTemplates Templates = new();

    [Fact]
    public void Render_UserTextWithJsonAndTemplateSyntax_StaysPlainText()
    {
        const string hostile = "\"}],\"actions\":[{\"type\":\"Action.OpenUrl\",\"url\":\"https://evil\"}] ${title} </at>";
        var card = Templates.Render("common/welcome", new { title = hostile, body = "b", admin = "", helpButton = "h", helpCommand = "help" });

        Assert.Equal(hostile, card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Single(card["actions"]!.AsArray());
        Assert.Equal("Action.Submit", card["actions"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Render_DataOnArrayItem_RepeatsItPerElement_AndWhenDropsFalsyElements()
    {
        var card = Templates.Render("common/help", new
        {
            title = "t",
            intro = "i",
            commands = new[] { new { command = "帮助", description = "显示帮助" }, new { command = "角色", description = "查看角色" } },
            buttons = Array.Empty<object>(),
            languageButton = "English",
            otherLanguage = "en-US",
        });

        var facts = card["body"]![2]!["facts"]!.AsArray();
        Assert.Equal(["帮助", "角色"], facts.Select(f => f!["title"]!.GetValue<string>()));
        Assert.Empty(card["body"]![3]!["actions"]!.AsArray());
        Assert.DoesNotContain("$data", card.ToJsonString(), StringComparison.Ordinal);

        var welcome = Templates.Render("common/welcome", new { title = "t", body = "b", admin = "", helpButton = "h", helpCommand = "help" });
        Assert.Equal(2, welcome["body"]!.AsArray().Count);
    }

    [Fact]
    public void Render_WholeExpression_KeepsTheValueType()
    {
        var card = Templates.Render("common/help", new
        {
            title = "t",
            intro = "i",
            commands = Array.Empty<object>(),
            buttons = new[] { new { command = "角色" } },
            languageButton = "English",
            otherLanguage = "en-US",
        });

        Assert.Equal("角色", card["body"]![3]!["actions"]![0]!["data"]!["command"]!.GetValue<string>());
        Assert.Equal("en-US", card["actions"]![0]!["data"]!["language"]!.GetValue<string>());
    }

    [Fact]
    public void Every_Template_IsAnAdaptiveCardOfVersionAtMost15()
    {
        Assert.NotEmpty(Templates.Names);
        foreach (var name in Templates.Names)
        {
            var raw = Templates.Render(name, new JsonObject());
            Assert.Equal("AdaptiveCard", raw["type"]!.GetValue<string>());
            Assert.True(Version.Parse(raw["version"]!.GetValue<string>()) <= new Version(1, 5), $"{name} is above 1.5");
        }
    }

    [Fact]
    public void Render_UnknownTemplate_Throws()
    {
        Assert.Throws<ArgumentException>(() => Templates.Render("nope/none", new { }));
    }
}
