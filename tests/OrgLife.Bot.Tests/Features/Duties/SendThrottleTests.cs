using Microsoft.Extensions.Options;
using OrgLife.Bot.Features.Duties;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Duties;

public sealed class SendThrottleTests
{
    private static (SendThrottle Throttle, ManualTimeProvider Clock) Create(int perTenant = 30)
    {
        var clock = new ManualTimeProvider();
        return (new SendThrottle(Options.Create(new DutiesOptions { PerTenantPerSecond = perTenant }), clock), clock);
    }

    [Fact]
    public void Reserve_PerConversation_AllowsSevenPerSecond_AndSixtyPerThirtySeconds()
    {
        var (throttle, clock) = Create(perTenant: 50);
        var slots = Enumerable.Range(0, 61).Select(_ => clock.GetUtcNow() + throttle.Reserve("t", "c")).ToList();

        for (var i = 7; i < slots.Count; i++)
        {
            Assert.True(slots[i] - slots[i - 7] > TimeSpan.FromSeconds(1), $"send {i} breaks 7/s");
        }

        Assert.True(slots[60] - slots[0] > TimeSpan.FromSeconds(30), "the 61st send must wait for the 30 s window");
    }

    [Fact]
    public void Reserve_PerTenant_SpreadsSendsAtTheConfiguredRate()
    {
        var (throttle, clock) = Create(perTenant: 30);
        var last = Enumerable.Range(0, 300).Select(i => throttle.Reserve("t", "c" + i)).Max();

        // 300 sends at 30/s need a little over 9 s, and not much more.
        Assert.InRange(last, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10.5));
        _ = clock;
    }

    [Fact]
    public void Pause_HoldsEverySend()
    {
        var (throttle, _) = Create();
        throttle.Pause(TimeSpan.FromSeconds(10));

        Assert.True(throttle.Reserve("t", "c") >= TimeSpan.FromSeconds(10));
    }
}
