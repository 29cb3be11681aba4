using OrgLife.Testing.Gating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>The same first-contact and role flows on PostgreSQL, the multi-instance store.</summary>
public sealed class PostgresHostTests
{
    [RequiresFact(Requirement.PostgreSql)]
    public async Task InstallHelpAndAppoint_WorkOnPostgres()
    {
        await using var app = await BotApplication.StartAsync(TestStore.Postgres);
        var chat = TestConversation.GroupChat;

        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, chat, "add"));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "帮助"));
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, chat, "设为书记", "zh-CN", true, TestUser.Megan));

        var sent = await app.Connector.WaitForActivitiesAsync(3);
        Assert.Equal("欢迎使用 OrgLife", FoundationTests.CardOf(sent[0])["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("OrgLife 帮助", FoundationTests.CardOf(sent[1])["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("已将 Megan Bowen 设为书记", sent[2].Activity.Text, StringComparison.Ordinal);
        Assert.True(await app.WithStoreAsync(db => db.Roles.AnyAsync(r => r.Role == Role.Secretary)));
    }

    [RequiresFact(Requirement.PostgreSql)]
    public async Task TwoInstances_OnOneDatabase_ShareUsersAndRoles()
    {
        await using var first = await BotApplication.StartAsync(TestStore.Postgres);
        var chat = TestConversation.GroupChat;
        await first.SendAsync(TeamsActivity.InstallationUpdate(first, TestUser.Alex, chat, "add"));
        var connectionString = first.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoreOptions>>().Value.ConnectionString;

        await using var second = await BotApplication.StartAsync(authenticated: true, settings: new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Postgres",
            ["Store:ConnectionString"] = connectionString,
        });
        await second.SendAsync(TeamsActivity.Message(second, TestUser.Alex, chat, "设为领导", "zh-CN", true, TestUser.Lee));

        var sent = await second.Connector.WaitForActivitiesAsync(1);
        Assert.Contains("已将 李明 设为领导", sent[0].Activity.Text, StringComparison.Ordinal);
    }
}
