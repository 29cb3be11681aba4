using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrgLife.Protocol.Connector;
using OrgLife.Testing;

namespace OrgLife.Protocol.Tests.Connector;

public sealed class RetryHandlerTests
{
    private static RetryHandler Create(TimeProvider time) =>
        new(Options.Create(new ConnectorOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(20) }), time, NullLogger<RetryHandler>.Instance);

    [Fact]
    public void RetryAfter_HttpDate_IsTheTimeUntilThatDate()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var handler = Create(time);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(12), handler.RetryAfter(response));
    }

    [Fact]
    public void RetryAfter_DateInThePast_IsZero()
    {
        var time = new ManualTimeProvider();
        using var handler = Create(time);
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddMinutes(-1));

        Assert.Equal(TimeSpan.Zero, handler.RetryAfter(response));
    }

    [Fact]
    public void RetryAfter_Absent_IsNull()
    {
        using var handler = Create(new ManualTimeProvider());
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Null(handler.RetryAfter(response));
    }

    [Theory]
    [InlineData(0, 0.5, 1)]
    [InlineData(1, 1, 2)]
    [InlineData(3, 4, 8)]
    [InlineData(10, 10, 20)]
    [InlineData(60, 10, 20)]
    public void ComputeBackoff_Attempt_StaysWithinExponentialBounds(int attempt, double minSeconds, double maxSeconds)
    {
        using var handler = Create(new ManualTimeProvider());

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(handler.ComputeBackoff(attempt), TimeSpan.FromSeconds(minSeconds), TimeSpan.FromSeconds(maxSeconds));
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.PreconditionFailed, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, false)]
    public void IsTransient_Status_MatchesTeamsGuidanceBut429GoesToTheCaller(HttpStatusCode status, bool expected) =>
        Assert.Equal(expected, RetryHandler.IsTransient(status));
}
