using OrgLife.Testing;
using OrgLife.Testing.Gating;

namespace OrgLife.Protocol.Tests.Hosting;

public sealed class TestSupportTests
{
    [Fact]
    public async Task ManualTimeProvider_Advance_CompletesDelaysThatCameDue()
    {
        var time = new ManualTimeProvider();
        var shortDelay = Task.Delay(TimeSpan.FromSeconds(5), time);
        var longDelay = Task.Delay(TimeSpan.FromSeconds(30), time);

        time.Advance(TimeSpan.FromSeconds(10));
        await shortDelay;

        Assert.False(longDelay.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(20));
        await longDelay;
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero), time.GetUtcNow());
    }

    [Fact]
    public void ManualTimeProvider_PeriodicTimer_FiresOncePerPeriod()
    {
        var time = new ManualTimeProvider();
        var ticks = 0;
        using var timer = time.CreateTimer(_ => ticks++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromMinutes(3.5));

        Assert.Equal(3, ticks);
    }

    [Fact]
    public async Task ManualTimeProvider_AutoAdvance_RunsDelaysAtOnceAndRecordsThem()
    {
        var time = new ManualTimeProvider { AutoAdvance = true };
        var start = time.GetUtcNow();

        await Task.Delay(TimeSpan.FromHours(1), time);

        Assert.Equal(TimeSpan.FromHours(1), time.GetUtcNow() - start);
        Assert.Equal([TimeSpan.FromHours(1)], time.RequestedDelays);
    }

    [Fact]
    public void ManualTimeProvider_DisposedTimer_NeverFires()
    {
        var time = new ManualTimeProvider();
        var fired = false;
        var timer = time.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(fired);
    }

    [Fact]
    public void ProtocolFixtures_AreCopiedFromTheRepository()
    {
        Assert.True(File.Exists(Path.Combine(SharedData.RepositoryRoot, "Bot.sln")));
        Assert.True(File.Exists(ProtocolFixtures.Path("message.json")));
        Assert.Equal(31, ProtocolFixtures.Files().Count);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SharedData_WhenPresent_HoldsTheCorpusAndTheQuestions()
    {
        Requirements.Ensure(Requirement.SharedData);

        Assert.True(Directory.Exists(SharedData.CorpusDirectory));
        Assert.True(File.Exists(Path.Combine(SharedData.QaDirectory, "dev.jsonl")));
    }
}
