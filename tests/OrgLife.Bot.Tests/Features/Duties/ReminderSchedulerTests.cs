using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Duties;

namespace OrgLife.Bot.Tests.Features.Duties;

public sealed class ReminderSchedulerTests
{
    [Fact]
    public async Task Wake_AfterATimerTick_RunsAPassAtOnce()
    {
        var start = new DateTimeOffset(2026, 12, 15, 2, 0, 0, TimeSpan.Zero); // Tuesday 10:00 in Shanghai
        await using var host = await DutiesHost.StartAsync(start, settings: new() { ["Duties:SchedulerEnabled"] = "true", ["Duties:TickInterval"] = "00:00:30" });
        var (scopeId, users) = await host.SeedAsync(("张三", null), ("李四", null));

        // Assigned by someone else: the owner's notice is planned for now; the timer tick sends it.
        await host.CreateAsync(scopeId, users[1], DutiesHost.Draft("交党费", users[0], users[1], new DateTime(2026, 12, 18, 18, 0, 0)));
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        await host.Messenger!.WaitForSentAsync(1, TimeSpan.FromSeconds(20));

        // The next immediate send is woken (as a card action does) and must not wait for the next tick.
        await host.CreateAsync(scopeId, users[1], DutiesHost.Draft("报送材料", users[0], users[1], new DateTime(2026, 12, 18, 18, 0, 0)));
        (await host.WithAsync(sp => Task.FromResult(sp.GetRequiredService<ReminderScheduler>()))).Wake();
        await host.Messenger.WaitForSentAsync(2, TimeSpan.FromSeconds(20));
    }
}
