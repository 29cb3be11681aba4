using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Outbound;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Platform.Outbound;

/// <summary>The outbox under faults: an instance dies in the middle of a fan-out; a send goes out twice at most when it was in flight.</summary>
public sealed class OutboxTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    /// <summary>People with a usable 1:1 conversation whose service URL is <paramref name="app"/>'s connector.</summary>
    private static async Task<long[]> SeedAsync(BotApplication app, int count)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        var users = Enumerable.Range(0, count).Select(i => new UserProfile
        {
            TeamsId = "29:user-" + i,
            Name = "党员" + i,
            TenantId = BotApplication.TenantId,
            Locale = "zh-CN",
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        db.Conversations.AddRange(users.Select(u => new StoredConversation
        {
            ConversationId = "a:personal-" + u.Id,
            ServiceUrl = app.ServiceUrl,
            ConversationType = ConversationTypes.Personal,
            TenantId = BotApplication.TenantId,
            BotId = TestUser.Bot.Id,
            BotName = "OrgLife",
            UserId = u.Id,
            IsUsable = true,
        }));
        await db.SaveChangesAsync();
        return [.. users.Select(u => u.Id)];
    }

    private static Activity Notice(long userId) => new() { Type = ActivityTypes.Message, Text = "提醒 " + userId };

    [Fact]
    public async Task InstanceDiesMidFanOut_TheOtherSendsTheRestAtOnce_NoneLost_OnlyTheInFlightSendTwice()
    {
        await using var instances = await OutboundInstances.StartAsync(2, TestStore.Sqlite, Start, autoAdvance: true);
        var (dying, survivor) = (instances.App(0), instances.App(1));
        var people = await SeedAsync(dying, 40);

        // The dying instance stores the whole fan-out (leased to itself) and sends the first ten.
        await using (var scope = dying.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            var queued = people.Select(p => outbox.QueueToUser("test:fan-out:" + p, p, Notice(p))).ToList();
            await scope.ServiceProvider.GetRequiredService<BotDbContext>().SaveChangesAsync();
            Assert.All(await outbox.SendNowAsync(queued[..10], CancellationToken.None), o => Assert.Equal(SendOutcome.Sent, o));

            // The eleventh reaches Teams, and the process dies before recording it (send and mark are two steps).
            await scope.ServiceProvider.GetRequiredService<ProactiveMessenger>().SendToUserAsync(people[10], Notice(people[10]), CancellationToken.None);
        }

        await dying.Services.GetRequiredService<IHost>().StopAsync();
        var leaseEnd = instances.Clock.GetUtcNow() + new OutboundOptions().Lease;

        // The survivor's scheduled pass finds the dead instance's rows and sends them, well before their lease ends.
        var reclaimed = 0;
        for (var pass = 0; pass < 20 && await UnsentAsync(survivor) > 0; pass++)
        {
            await using var scope = survivor.CreateScope();
            reclaimed += (await scope.ServiceProvider.GetRequiredService<Outbox>().RunOnceAsync(CancellationToken.None)).Reclaimed;
        }

        Assert.Equal(0, await UnsentAsync(survivor));
        Assert.True(instances.Clock.GetUtcNow() < leaseEnd, "the rest should go out without waiting for the dead lease");
        var perPerson = dying.Connector.Activities.GroupBy(a => a.ConversationId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(people.Length, perPerson.Count); // none lost
        Assert.Equal([2], perPerson.Values.Where(n => n > 1)); // only the send in flight, once more
        Assert.Equal(2, perPerson["a:personal-" + people[10]]);
    }

    [Fact]
    public async Task QueuedTwiceWithOneKey_IsStoredAndSentOnce()
    {
        await using var instances = await OutboundInstances.StartAsync(1, TestStore.Sqlite, Start, autoAdvance: true);
        var app = instances.App(0);
        var people = await SeedAsync(app, 1);
        await using var scope = app.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        var first = outbox.QueueToUser("test:once", people[0], Notice(people[0]));
        await db.SaveChangesAsync();

        outbox.QueueToUser("test:once", people[0], Notice(people[0]));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        Assert.Equal([SendOutcome.Sent], await outbox.SendNowAsync([first], CancellationToken.None));
        Assert.Equal([SendOutcome.Skipped], await outbox.SendNowAsync([first], CancellationToken.None));
        Assert.Single(app.Connector.Activities);
    }

    [Fact]
    public async Task Leases_OfAnInstanceSilentPastDeadAfter_AreDead_ButAFreshLeaseOrABeatingInstanceIsNot()
    {
        await using var instances = await OutboundInstances.StartAsync(1, TestStore.Sqlite, Start);
        var app = instances.App(0);
        var registry = app.Services.GetRequiredService<InstanceRegistry>();
        var deadAfter = new OutboundOptions().DeadAfter;
        await app.WithStoreAsync(async db =>
        {
            db.Add(new BotInstance { Id = "silent", StartedAt = Start - TimeSpan.FromHours(1), SeenAt = Start - deadAfter - TimeSpan.FromSeconds(1) });
            db.Add(new BotInstance { Id = "beating", StartedAt = Start - TimeSpan.FromHours(1), SeenAt = Start });
            return await db.SaveChangesAsync();
        });

        var dead = await registry.DeadAsync(
        [
            ("silent|old", Start - TimeSpan.FromMinutes(1)),
            ("silent|fresh", Start),
            ("beating|old", Start - TimeSpan.FromMinutes(1)),
            ("never-registered|x", Start),
            (registry.NewLeaseToken(), Start - TimeSpan.FromHours(1)),
        ], CancellationToken.None);

        Assert.Equal(["silent|old", "never-registered|x"], dead);
    }

    private static async Task<int> UnsentAsync(BotApplication app) =>
        await app.WithStoreAsync(db => db.Set<OutboundMessage>().CountAsync(m => m.State != OutboundState.Sent));
}
