using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Platform.Organisation;

/// <summary>Sending outside a turn: into stored conversations and to people in 1:1 chats.</summary>
public sealed class ProactiveMessengerTests
{
    [Fact]
    public async Task SendToConversation_UsesTheStoredReference()
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.GroupChat;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        await app.Connector.WaitForActivitiesAsync(1);

        var delivery = await SendAsync(app, m => m.SendToConversationAsync(chat.Id, new Activity { Text = "提醒" }, CancellationToken.None));

        var sent = await app.Connector.WaitForActivitiesAsync(2);
        Assert.Equal(ConnectorOperation.Send, sent[1].Operation);
        Assert.Equal(chat.Id, sent[1].ConversationId);
        Assert.Equal("提醒", sent[1].Activity.Text);
        Assert.NotNull(delivery.ActivityId);
    }

    [Fact]
    public async Task SendToUser_WithoutAPersonalChat_CreatesOneWithTenantAndReusesIt()
    {
        await using var app = await BotApplication.StartAsync();
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Megan, TestConversation.GroupChat, "帮助"));
        await app.Connector.WaitForActivitiesAsync(1);
        var megan = await app.WithStoreAsync(db => db.Users.SingleAsync(u => u.TeamsId == TestUser.Megan.Id));

        await SendAsync(app, m => m.SendToUserAsync(megan.Id, new Activity { Text = "第一次" }, CancellationToken.None));
        await SendAsync(app, m => m.SendToUserAsync(megan.Id, new Activity { Text = "第二次" }, CancellationToken.None));

        var created = Assert.Single(app.Connector.CreatedConversations);
        Assert.Equal(BotApplication.TenantId, created.Parameters.TenantId);
        Assert.Equal(TestUser.Megan.Id, created.Parameters.Members![0].Id);
        var sent = await app.Connector.WaitForActivitiesAsync(3);
        Assert.All(sent.Skip(1), s => Assert.Equal(created.Id, s.ConversationId));
    }

    [Fact]
    public async Task SendToUser_WhenTheAppIsNotInstalledForThem_ThrowsUnreachable()
    {
        await using var app = await BotApplication.StartAsync();
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.GroupChat, "帮助"));
        await app.Connector.WaitForActivitiesAsync(1);
        app.Connector.Forbid(TestUser.Lee.Id);
        var lee = await app.WithStoreAsync(db => db.Users.SingleAsync(u => u.TeamsId == TestUser.Lee.Id));

        await Assert.ThrowsAsync<RecipientUnreachableException>(() =>
            SendAsync(app, m => m.SendToUserAsync(lee.Id, new Activity { Text = "x" }, CancellationToken.None)));
    }

    [Fact]
    public async Task SendToConversation_AfterUninstall_ThrowsUnreachableAndSendsNothing()
    {
        await using var app = await BotApplication.StartAsync();
        var chat = TestConversation.GroupChat;
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "remove"));
        await app.Connector.WaitForActivitiesAsync(1);

        await Assert.ThrowsAsync<RecipientUnreachableException>(() =>
            SendAsync(app, m => m.SendToConversationAsync(chat.Id, new Activity { Text = "x" }, CancellationToken.None)));
        Assert.Single(app.Connector.Activities);
    }

    private static async Task<T> SendAsync<T>(BotApplication app, Func<ProactiveMessenger, Task<T>> send)
    {
        await using var scope = app.CreateScope();
        return await send(scope.ServiceProvider.GetRequiredService<ProactiveMessenger>());
    }
}
