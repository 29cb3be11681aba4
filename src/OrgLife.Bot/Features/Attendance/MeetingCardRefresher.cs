using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// Coalesces updates of posted meeting cards: a click only marks its meeting dirty; this background loop
/// replaces each dirty card at most once per <see cref="AttendanceOptions.CardUpdateInterval"/> per
/// conversation (Teams throttles a conversation's updates), so a burst of 1,000 clicks becomes a handful of PUTs.
/// Each clicker sees their own result at once through the invoke response; the shared card follows.
/// </summary>
internal sealed partial class MeetingCardRefresher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<AttendanceOptions> options, ILogger<MeetingCardRefresher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, string> _dirty = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSent = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _sent;

    /// <summary>Shared-card updates sent since start.</summary>
    public long UpdatesSent => Interlocked.Read(ref _sent);

    /// <summary>True when no meeting waits for its card to be replaced.</summary>
    public bool IsIdle => _dirty.IsEmpty;

    /// <summary>The meeting's posted card no longer shows its state; it will be replaced soon.</summary>
    public void MarkDirty(Meeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        if (meeting.CardActivityId is null)
        {
            return;
        }

        _dirty[meeting.Id] = meeting.ConversationId;
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Replaces every dirty card whose conversation may be updated now; returns the wait until the next is due (null: none dirty).</summary>
    public async Task<TimeSpan?> FlushDueAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var interval = options.Value.CardUpdateInterval;
            TimeSpan? next = null;
            foreach (var (meetingId, conversationId) in _dirty.ToArray())
            {
                var now = clock.GetUtcNow();
                if (_lastSent.TryGetValue(conversationId, out var last) && now - last < interval)
                {
                    var wait = interval - (now - last);
                    next = next is null || wait < next ? wait : next;
                    continue;
                }

                _dirty.TryRemove(meetingId, out _);
                _lastSent[conversationId] = now;
                await SendAsync(meetingId, cancellationToken);
            }

            return _dirty.IsEmpty ? null : next ?? TimeSpan.Zero;
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var next = await FlushDueAsync(stoppingToken);
                if (next is null)
                {
                    await _wake.Reader.WaitToReadAsync(stoppingToken);
                }
                else if (next > TimeSpan.Zero)
                {
                    using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var woken = _wake.Reader.WaitToReadAsync(delay.Token).AsTask();
                    await Task.WhenAny(Task.Delay(next.Value, clock, delay.Token), woken);
                    await delay.CancelAsync();
                }

                _wake.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SendAsync(long meetingId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<MeetingStore>();
            var meeting = await store.FindAsync(meetingId, cancellationToken);
            if (meeting?.CardActivityId is null)
            {
                return;
            }

            var cards = scope.ServiceProvider.GetRequiredService<MeetingCards>();
            using var _ = BotCulture.Use(BotCulture.FromLocale(meeting.Locale));
            var zone = TimeZones.FindOr(meeting.TimeZone, TimeZoneInfo.Utc);
            var counts = await store.CountAsync(meeting.Id, cancellationToken);
            var refreshIds = await store.AttendeeTeamsIdsAsync(meeting.Id, MeetingCards.MaxRefreshUsers + 1, cancellationToken);
            var card = cards.Meeting(meeting, counts, MeetingViewer.Shared(zone), clock.GetUtcNow(), refreshUserIds: refreshIds);
            var activity = new Activity { Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(card)] };
            await scope.ServiceProvider.GetRequiredService<ProactiveMessenger>().UpdateAsync(meeting.ConversationId, meeting.CardActivityId, activity, cancellationToken);
            Interlocked.Increment(ref _sent);
        }
        catch (ConnectorException e) when (e.IsThrottled || (int)e.StatusCode >= 500)
        {
            // Throttled or a passing outage: try again after the interval.
            LogUpdateRetry(logger, e, meetingId);
            if (!cancellationToken.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<MeetingStore>().FindAsync(meetingId, cancellationToken) is { } meeting)
                {
                    MarkDirty(meeting);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The card was deleted, the app removed…: people still see their own state on click.
            LogUpdateFailed(logger, e, meetingId);
        }
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "The card of meeting {MeetingId} could not be updated now; retrying later")]
    private static partial void LogUpdateRetry(ILogger logger, Exception exception, long meetingId);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "The card of meeting {MeetingId} could not be updated")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, long meetingId);
}
