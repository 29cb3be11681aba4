using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>The installer is admin; admins appoint secretaries and leaders by @mention; others cannot.</summary>
public sealed class RoleTests
{
    [Theory]
    [InlineData("设为书记", "zh-CN", "已将 Megan Bowen 设为书记")]
    [InlineData("make", "en-US", "Megan Bowen is now Secretary")]
    public async Task Admin_AppointsSecretaryByMention(string command, string locale, string expected)
    {
        await using var app = await BotApplication.StartAsync();
        var team = TestConversation.Channel;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, team, "add", locale));
        var text = locale == "en-US" ? command : command;
        var message = TeamsActivity.Message(app, TestUser.Alex, team, text, locale, true, TestUser.Megan);
        if (locale == "en-US")
        {
            message["text"] = message["text"]!.GetValue<string>() + " secretary";
        }

        await app.SendAsync(message);

        var sent = await app.Connector.WaitForActivitiesAsync(2);
        Assert.Contains(expected, sent[1].Activity.Text, StringComparison.Ordinal);
        var megan = await app.WithStoreAsync(db => db.Users.SingleAsync(u => u.TeamsId == TestUser.Megan.Id));
        Assert.True(await app.WithStoreAsync(db => db.Roles.AnyAsync(r => r.UserId == megan.Id && r.Role == Role.Secretary)));
    }

    [Fact]
    public async Task NonAdmin_CannotAppoint_AndIsToldWhoCan()
    {
        await using var app = await BotApplication.StartAsync();
        var team = TestConversation.Channel;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, team, "add"));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Megan, team, "设为书记", "zh-CN", true, TestUser.Megan));

        var sent = await app.Connector.WaitForActivitiesAsync(2);
        Assert.Contains("只有管理员", sent[1].Activity.Text, StringComparison.Ordinal);
        Assert.Contains("Alex Wilber", sent[1].Activity.Text, StringComparison.Ordinal);
        Assert.False(await app.WithStoreAsync(db => db.Roles.AnyAsync(r => r.Role == Role.Secretary)));
    }

    [Fact]
    public async Task Appoint_WithoutMention_AsksForOne()
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.GroupChat;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "设为书记"));

        var sent = await app.Connector.WaitForActivitiesAsync(2);
        Assert.Contains("@提及", sent[1].Activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_ListsHoldersByRole()
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.GroupChat;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "设为领导", "zh-CN", true, TestUser.Lee));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Megan, chat, "角色"));

        var sent = await app.Connector.WaitForActivitiesAsync(3);
        Assert.Contains("管理员：Alex Wilber", sent[2].Activity.Text, StringComparison.Ordinal);
        Assert.Contains("领导：李明", sent[2].Activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_MarksTheConversationUnusable()
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.GroupChat;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "remove"));

        var stored = await app.WithStoreAsync(db => db.Conversations.SingleAsync(c => c.ConversationId == chat.Id));
        Assert.False(stored.IsUsable);
        Assert.Equal(app.ServiceUrl, stored.ServiceUrl);
    }
}
