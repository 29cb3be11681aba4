using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrgLife.Protocol.Connector;

/// <summary>
/// Retries transient Connector failures (412, 502, 503, 504 and connection errors) with bounded exponential
/// backoff and jitter, honouring <c>Retry-After</c> (seconds or date) up to <see cref="ConnectorOptions.MaxDelay"/>.
/// A 429 is NOT retried here: it goes straight back to the caller (as a <see cref="ConnectorException"/> carrying
/// its <see cref="ConnectorException.RetryAfter"/>), so the sender's rate limit sees it and pauses every send;
/// retrying it here would send again behind the limit's back. Delays run on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class RetryHandler(IOptions<ConnectorOptions> options, TimeProvider timeProvider, ILogger<RetryHandler> logger) : DelegatingHandler
{
    private readonly ConnectorOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;

    /// <summary>True for the transient statuses this handler retries (Teams' list without 429, which the caller's limit handles).</summary>
    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.PreconditionFailed
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (InTurnCalls.Deadline is { } deadline)
        {
            return await SendOnceAsync(request, deadline, cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            // The attempt timeout runs on the real clock: it guards against a hung socket, not a policy delay to test.
            using var attemptTimeout = new CancellationTokenSource(_options.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
            try
            {
                response = await base.SendAsync(request, linked.Token);
            }
            catch (Exception ex) when (IsTransientException(ex, cancellationToken))
            {
                if (attempt >= _options.MaxRetries)
                {
                    var timedOut = ex is OperationCanceledException;
                    throw new ConnectorException(
                        timedOut ? HttpStatusCode.GatewayTimeout : HttpStatusCode.ServiceUnavailable,
                        timedOut ? "Timeout" : "ConnectionFailed",
                        $"Connector {request.Method} {request.RequestUri?.AbsolutePath} failed after {attempt + 1} attempts: {ex.Message}",
                        ex);
                }

                var delay = ComputeBackoff(attempt);
                Log.RetryingException(logger, ex, request.Method.Method, request.RequestUri?.AbsolutePath, attempt + 1, _options.MaxRetries, delay);
                await Task.Delay(delay, timeProvider, cancellationToken);
                continue;
            }

            if (attempt >= _options.MaxRetries || !IsTransient(response.StatusCode))
            {
                return response;
            }

            var wait = RetryAfter(response) ?? ComputeBackoff(attempt);
            Log.RetryingStatus(logger, request.Method.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, attempt + 1, _options.MaxRetries, wait);
            response.Dispose();
            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    /// <summary>One attempt within what is left of an inbound turn's reply budget; a failure is final.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, long deadline, CancellationToken cancellationToken)
    {
        var left = TimeSpan.FromMilliseconds(deadline - Environment.TickCount64);
        if (left <= TimeSpan.Zero)
        {
            throw new ConnectorException(HttpStatusCode.GatewayTimeout, "ReplyBudgetExhausted", $"Connector {request.Method} {request.RequestUri?.AbsolutePath} not attempted: the turn's reply budget is spent.");
        }

        using var attemptTimeout = new CancellationTokenSource(left < _options.Timeout ? left : _options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            return await base.SendAsync(request, linked.Token);
        }
        catch (Exception ex) when (IsTransientException(ex, cancellationToken))
        {
            var timedOut = ex is OperationCanceledException;
            throw new ConnectorException(
                timedOut ? HttpStatusCode.GatewayTimeout : HttpStatusCode.ServiceUnavailable,
                timedOut ? "Timeout" : "ConnectionFailed",
                $"Connector {request.Method} {request.RequestUri?.AbsolutePath} failed during a turn (no retry while Teams waits): {ex.Message}",
                ex);
        }
    }

    private static bool IsTransientException(Exception ex, CancellationToken callerToken) =>
        ex is HttpRequestException || (ex is OperationCanceledException && !callerToken.IsCancellationRequested);

    /// <summary>The delay a response asks for, capped at <see cref="ConnectorOptions.MaxDelay"/>; null when it asks for none.</summary>
    internal TimeSpan? RetryAfter(HttpResponseMessage response) =>
        RequestedDelay(response, timeProvider) is { } d ? (d > _options.MaxDelay ? _options.MaxDelay : d) : null;

    /// <summary>The delay a response's <c>Retry-After</c> asks for (seconds or a date; never negative); null when it asks for none.</summary>
    public static TimeSpan? RequestedDelay(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        return delay is { } d ? (d <= TimeSpan.Zero ? TimeSpan.Zero : d) : null;
    }

    /// <summary>Base × 2^attempt capped at the maximum, with the upper half randomised (jitter).</summary>
    internal TimeSpan ComputeBackoff(int attempt)
    {
        var exponential = _options.BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, _options.MaxDelay.Ticks);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jittered = (capped / 2) + (Random.Shared.NextDouble() * capped / 2);
#pragma warning restore CA5394
        return TimeSpan.FromTicks((long)jittered);
    }
}
