using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Tests.Platform.Routing;

public sealed class RouteTableTests
{
    private sealed class Handler;

    private static RouteTable Table() => new RouteTable()
        .Command<Handler>(["任务", "duty"], (_, _, _, _) => Task.CompletedTask)
        .Command<Handler>(["我的任务", "my duties"], (_, _, _, _) => Task.CompletedTask)
        .Command<Handler>(["make"], (_, _, _, _) => Task.CompletedTask);

    [Theory]
    [InlineData("我的任务", "")]
    [InlineData("任务 12", "12")]
    [InlineData("任务12", "12")]
    [InlineData("My Duties", "")]
    [InlineData("duty 7", "7")]
    [InlineData("make @Alex secretary", "@alex secretary")]
    [InlineData("/help", null)]
    [InlineData("我的任务？", "")]
    public void TryMatch_LongestPhraseWins_RestIsArguments(string text, string? arguments)
    {
        var matched = Table().TryMatch(text, out _, out var args);

        Assert.Equal(arguments is not null, matched);
        if (arguments is not null)
        {
            Assert.Equal(arguments, args);
        }
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void TryMatch_LongMessage_CostsLittle(int length)
    {
        var table = Table();
        var text = string.Concat(Enumerable.Repeat("预备期 多长时间", length / 8 + 1))[..length];
        table.TryMatch(text, out _, out _);

        var started = TimeProvider.System.GetTimestamp();
        var matched = table.TryMatch(text, out _, out _);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.False(matched);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(50), $"{length} characters: {elapsed.TotalMilliseconds:F2} ms");
    }

    [Theory]
    [InlineData("dutyx")]
    [InlineData("maker of things")]
    [InlineData("预备期多长时间？")]
    public void TryMatch_WordsThatOnlyStartLikeACommand_DoNotMatch(string text)
    {
        Assert.False(Table().TryMatch(text, out _, out _));
    }

    [Fact]
    public void Command_RoutedTwice_Throws()
    {
        var table = Table();
        Assert.Throws<InvalidOperationException>(() => table.Command<Handler>(["DUTY"], (_, _, _, _) => Task.CompletedTask));
    }

    [Fact]
    public void CardAction_RoutedTwice_Throws()
    {
        var table = new RouteTable().CardAction<Handler>("x.y", (_, _, _, _) => Task.FromResult(CardResult.None));
        Assert.Throws<InvalidOperationException>(() => table.CardAction<Handler>("x.y", (_, _, _, _) => Task.FromResult(CardResult.None)));
    }
}
