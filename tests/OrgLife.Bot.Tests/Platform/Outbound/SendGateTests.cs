using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Platform.Outbound;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;
using OrgLife.Testing.Gating;

namespace OrgLife.Bot.Tests.Platform.Outbound;

/// <summary>Teams' limits kept in the store: they hold for one instance, and for two instances on one database.</summary>
public sealed class SendGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Each instance books <paramref name="perInstance"/> sends to distinct people one after another (as its
    /// dispatcher does), all instances at the same time; returns every booked slot.
    /// </summary>
    private static async Task<List<DateTimeOffset>> BookConcurrentlyAsync(OutboundInstances instances, int count, int perInstance)
    {
        var perInstanceSlots = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var slots = new List<DateTimeOffset>();
            for (var n = 0; n < perInstance; n++)
            {
                slots.Add(Start + await instances.Gate(i).ReserveAsync("tenant-1", $"a:person-{i}-{n}", CancellationToken.None));
            }

            return slots;
        })));
        return [.. perInstanceSlots.SelectMany(s => s).Order()];
    }

    private static void AssertAtMost(List<DateTimeOffset> slots, int limit, TimeSpan window)
    {
        for (var i = limit; i < slots.Count; i++)
        {
            Assert.True(slots[i] - slots[i - limit] > window, $"send {i} is the {limit + 1}th inside {window.TotalSeconds} s");
        }
    }

    [Fact]
    public void Earliest_PerConversation_AllowsSevenPerSecond_AndSixtyPerThirtySeconds()
    {
        var o = new OutboundOptions { PerTenantPerSecond = 50 };
        List<DateTimeOffset> tenant = [], conversation = [];
        for (var i = 0; i < 61; i++)
        {
            var at = SendGate.Earliest(Start, null, tenant, conversation, o);
            tenant.Add(at);
            conversation.Add(at);
        }

        AssertAtMost(conversation, 7, TimeSpan.FromSeconds(1));
        Assert.True(conversation[60] - conversation[0] > TimeSpan.FromSeconds(30), "the 61st send must wait for the 30 s window");
    }

    [Fact]
    public void Earliest_AfterAPause_NothingGoesBeforeItEnds()
    {
        var pausedUntil = Start + TimeSpan.FromSeconds(12);

        Assert.Equal(pausedUntil, SendGate.Earliest(Start, pausedUntil, [], [], new OutboundOptions()));
    }

    [Fact]
    public async Task TwoInstances_OnOneSqliteFile_TheTenantLimitHolds() => await TwoInstancesHoldTheTenantLimitAsync(TestStore.Sqlite);

    [RequiresFact(Requirement.PostgreSql)]
    public async Task TwoInstances_OnOnePostgres_TheTenantLimitHolds() => await TwoInstancesHoldTheTenantLimitAsync(TestStore.Postgres);

    private static async Task TwoInstancesHoldTheTenantLimitAsync(TestStore store)
    {
        await using var instances = await OutboundInstances.StartAsync(2, store, Start);

        // 2 × 60 sends booked at the same moment against 30 per second for the tenant: one shared queue of slots.
        var slots = await BookConcurrentlyAsync(instances, 2, 60);

        Assert.Equal(120, slots.Count);
        AssertAtMost(slots, 30, TimeSpan.FromSeconds(1));
        // And no slower than the limit needs: 120 sends at 30/s take a little under 4 s.
        Assert.InRange(slots[^1] - slots[0], TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public async Task ThrottledOnOneInstance_TheOtherPausesToo()
    {
        await using var instances = await OutboundInstances.StartAsync(2, TestStore.Sqlite, Start);
        await instances.Gate(0).ReserveAsync("tenant-1", "a:one", CancellationToken.None);

        await instances.Gate(0).PauseAsync("tenant-1", TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(20), await instances.Gate(1).ReserveAsync("tenant-1", "a:two", CancellationToken.None));
        Assert.Equal(TimeSpan.Zero, await instances.Gate(1).ReserveAsync("tenant-2", "a:three", CancellationToken.None));
    }
}
