using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Platform.Outbound;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;
using OrgLife.Testing.Gating;

namespace OrgLife.Bot.Tests.Features.Duties;

/// <summary>Restarts, downtime, unreachable people, throttling storms and two instances: nothing lost, nothing twice.</summary>
public sealed class DispatcherDurabilityTests
{
    // Monday 7 December 2026, 10:00 in Shanghai: sending is allowed.
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static (string Name, string? Zone)[] People(int count) =>
        [.. Enumerable.Range(0, count).Select(i => ("党员" + i, (string?)"Asia/Shanghai")), ("李书记", "Asia/Shanghai")];

    /// <summary>Each owner gets one duty; its "you have a new duty" notice is due at once.</summary>
    private static async Task<long[]> AssignOneEachAsync(DutiesHost host, long scope, long[] people)
    {
        var leader = people[^1];
        var drafts = people[..^1].Select(p => DutiesHost.Draft("任务" + p, p, leader, new DateTime(2026, 12, 31, 18, 0, 0))).ToArray();
        await host.CreateAsync(scope, leader, drafts);
        return people[..^1];
    }

    [Fact]
    public async Task Restart_InTheMiddleOfAFanOut_SendsEveryNoticeExactlyOnce()
    {
        var folder = Path.Combine(Path.GetTempPath(), "orglife-tests", "duties-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Store:DataFolder"] = folder, ["Duties:BatchSize"] = "40" };
        // The clock stands still: whatever comes back, comes back before the dead lease could expire.
        var clock = new ManualTimeProvider(MondayMorning);
        var first = await DutiesHost.StartAsync(MondayMorning, settings: settings, clock: clock);
        var (scope, people) = await first.SeedAsync(People(100));
        var owners = await AssignOneEachAsync(first, scope, people);

        // The first instance sends one batch, claims the next and dies before sending it.
        Assert.Equal(40, (await first.RunAsync()).Sent);
        var orphaned = await first.WithAsync(sp => sp.GetRequiredService<ReminderDispatcher>().ClaimAsync("crashed-instance", CancellationToken.None));
        Assert.Equal(40, orphaned.Count);
        await first.DisposeAsync();

        // A new instance on the same store resumes at once: the dead instance's lease is taken back without
        // waiting for it to expire (the clock does not move past the lease here).
        await using var second = await DutiesHost.StartAsync(MondayMorning, settings: settings, clock: clock);
        var leaseEnd = MondayMorning + new DutiesOptions().Lease;
        Assert.Equal(40, (await second.RunAsync()).Sent);
        Assert.Equal(20, (await second.RunAsync()).Sent);
        Assert.Equal(0, (await second.RunAsync()).Sent);
        Assert.Equal(MondayMorning, clock.GetUtcNow());
        Assert.True(clock.GetUtcNow() < leaseEnd);

        var all = first.Messenger!.Sent.Concat(second.Messenger!.Sent).Select(s => s.UserId).ToList();
        Assert.Equal(owners.Order(), all.Order());
    }

    [Fact]
    public async Task AfterDowntime_RecentRemindersAreSent_OlderOnesSummarisedOncePerPerson()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning);
        var (scope, people) = await host.SeedAsync(("张三", "Asia/Shanghai"), ("李书记", "Asia/Shanghai"));
        var (owner, leader) = (people[0], people[1]);
        var created = await host.CreateAsync(scope, leader,
            DutiesHost.Draft("述职报告", owner, leader, new DateTime(2026, 12, 8, 18, 0, 0)),
            DutiesHost.Draft("交党费", owner, leader, new DateTime(2026, 12, 9, 18, 0, 0)));

        // Down from Monday 10:00 until Wednesday 12:00: Wednesday 09:00 is 3 h late, Tuesday's and Monday's are older than 6 h.
        host.Clock.Advance(TimeSpan.FromHours(50));
        var first = await host.RunAsync();
        var second = await host.RunAsync();

        var reminders = await host.RemindersAsync();
        var sent = reminders.Where(r => r.State == ReminderState.Sent).ToList();
        Assert.Equal(4, first.Summarised); // two assignment notices, Tuesday's due-day and 1-day-before reminders
        Assert.Equal(
            [(created[0].Id, ReminderStage.Overdue), (created[1].Id, ReminderStage.DueDay), (0L, ReminderStage.CatchUpSummary)],
            sent.OrderBy(r => r.Stage == ReminderStage.CatchUpSummary).ThenBy(r => r.DutyId).Select(r => (r.DutyId, r.Stage)));
        Assert.Equal(owner, sent.Single(r => r.Stage == ReminderStage.CatchUpSummary).RecipientUserId);
        Assert.Equal(1, second.Sent);
        Assert.Equal(3, host.Messenger!.Sent.Count);
    }

    [Fact]
    public async Task UnreachableOwner_TheCreatorIsToldOnce_AndTheDutyShowsIt()
    {
        await using var host = await DutiesHost.StartAsync(MondayMorning);
        var (scope, people) = await host.SeedAsync(("张三", "Asia/Shanghai"), ("李书记", "Asia/Shanghai"));
        var (owner, leader) = (people[0], people[1]);
        host.Messenger!.Unreachable.Add(owner);
        var duty = (await host.CreateAsync(scope, leader, DutiesHost.Draft("交党费", owner, leader, new DateTime(2026, 12, 9, 18, 0, 0))))[0];

        await host.RunAsync();
        await host.RunAsync();
        host.Clock.Advance(TimeSpan.FromDays(1)); // Tuesday 10:00: the 1-day-before reminder fails too.
        await host.RunAsync();
        await host.RunAsync();

        var toCreator = host.Messenger.Sent.Where(s => s.UserId == leader).ToList();
        Assert.Single(toCreator);
        Assert.NotNull((await host.DutiesAsync()).Single(d => d.Id == duty.Id).OwnerUnreachableAt);
        Assert.Equal(2, (await host.RemindersAsync()).Count(r => r.State == ReminderState.Unreachable));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task ConnectorStorm_PausesAndRequeues_NothingLostNothingTwice(HttpStatusCode status)
    {
        var clock = new ManualTimeProvider(MondayMorning) { AutoAdvance = true };
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false, clock: clock);
        var (scope, people) = await host.SeedAsync(People(30));
        var owners = await AssignOneEachAsync(host, scope, people);
        // Longer than the connector client's own retries: the dispatcher has to pause and requeue.
        host.App.Connector.FailNext(25, status);

        var requeued = 0;
        for (var pass = 0; pass < 20 && host.App.Connector.Activities.Count < owners.Length; pass++)
        {
            requeued += (await host.RunAsync()).Requeued;
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.True(requeued > 0, "the storm should have sent some reminders back to the queue");
        var delivered = host.App.Connector.Activities.GroupBy(a => a.ConversationId).ToList();
        Assert.Equal(owners.Length, delivered.Count);
        Assert.All(delivered, g => Assert.Single(g));
        Assert.All((await host.RemindersAsync()).Where(r => r.Stage == ReminderStage.Assigned), r => Assert.Equal(ReminderState.Sent, r.State));
        if (status == HttpStatusCode.TooManyRequests)
        {
            Assert.Contains(new OutboundOptions().ThrottlePause, clock.RequestedDelays);
        }
    }

    [Fact]
    public async Task Throttled_WithRetryAfter_EverySendWaitsThatLong_AndTheThrottledOneComesBackAfterIt()
    {
        var clock = new ManualTimeProvider(MondayMorning) { AutoAdvance = true };
        await using var host = await DutiesHost.StartAsync(MondayMorning, recording: false, clock: clock);
        var (scope, people) = await host.SeedAsync(People(5));
        var owners = await AssignOneEachAsync(host, scope, people);
        var retryAfter = TimeSpan.FromSeconds(23);
        host.App.Connector.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter);
        var throttledAt = clock.GetUtcNow();

        var first = await host.RunAsync();

        // One 429 reached the dispatcher (the HTTP client did not retry it behind the limit's back): it was
        // requeued until Retry-After, and the next send waited for the tenant's pause before going.
        Assert.Equal(1, first.Requeued);
        Assert.Equal(owners.Length - 1, first.Sent);
        Assert.Contains(retryAfter, clock.RequestedDelays);
        var requeued = (await host.RemindersAsync()).Single(r => r.State == ReminderState.Planned && r.Stage == ReminderStage.Assigned);
        Assert.True(requeued.LeaseUntil >= throttledAt + retryAfter, "the throttled send must not come back before Retry-After");
        clock.Advance(retryAfter);
        Assert.Equal(1, (await host.RunAsync()).Sent);
        var delivered = host.App.Connector.Activities.GroupBy(a => a.ConversationId).ToList();
        Assert.Equal(owners.Length, delivered.Count);
        Assert.All(delivered, g => Assert.Single(g));
    }

    [RequiresFact(Requirement.PostgreSql)]
    public async Task TwoInstances_OnOnePostgres_NeverSendTheSameReminderTwice()
    {
        await using var database = await ThrowawayDatabase.CreateAsync("orglife_duties_");
        var settings = database.StoreSettings;
        settings["Duties:BatchSize"] = "25";
        var clock = new ManualTimeProvider(MondayMorning) { AutoAdvance = true };
        await using var first = await DutiesHost.StartAsync(MondayMorning, settings: settings, clock: clock);
        await using var second = await DutiesHost.StartAsync(MondayMorning, settings: settings, clock: clock);
        var (scope, people) = await first.SeedAsync(People(200));
        var owners = await AssignOneEachAsync(first, scope, people);

        async Task DrainAsync(DutiesHost host)
        {
            while ((await host.RunAsync()).Claimed > 0)
            {
            }
        }

        await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

        var all = first.Messenger!.Sent.Concat(second.Messenger!.Sent).Select(s => s.UserId).ToList();
        Assert.Equal(owners.Order(), all.Order());
        Assert.True(first.Messenger.Sent.Count > 0 && second.Messenger.Sent.Count > 0, "both instances should have taken a share");
    }
}
