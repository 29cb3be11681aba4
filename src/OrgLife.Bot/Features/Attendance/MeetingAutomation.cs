using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Schema;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>What one automation pass did; <see cref="Full"/>: a batch was full, so more may be waiting.</summary>
internal sealed record AutomationPass(int Closed, int Reminded, bool Full);

/// <summary>
/// One pass of the meeting automation, run by <see cref="MeetingAutomationLoop"/>: closes meetings nobody closed
/// <see cref="AttendanceOptions.AutoCloseAfter"/> after their end, exactly as a secretary's close does, and sends the
/// non-responders' reminder once per meeting from <see cref="AttendanceOptions.AutoRemindBefore"/> before the
/// deadline (not to the organiser, and not within <see cref="AttendanceOptions.AutoRemindNotWithin"/> of the announcement). Both read what is due from the store and claim it with a conditional UPDATE before acting, so a
/// restart or a second instance on the same database never does either twice. Claim first, act second: a crash
/// in between loses that summary or reminder rather than sending it twice (the secretary's buttons remain).
/// </summary>
internal sealed partial class MeetingAutomation(
    BotDbContext db,
    MeetingStore store,
    MeetingCloser closer,
    NonResponderReminder reminder,
    ProactiveMessenger messenger,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<AttendanceOptions> options,
    IOptions<BotOptions> botOptions,
    TimeProvider clock,
    ILogger<MeetingAutomation> logger)
{
    private const int BatchSize = 50;

    public async Task<AutomationPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (closed, closeFull) = options.Value.AutoClose ? await CloseEndedAsync(cancellationToken) : (0, false);
        var (reminded, remindFull) = options.Value.AutoRemindBefore > TimeSpan.Zero ? await RemindAsync(cancellationToken) : (0, false);
        return new AutomationPass(closed, reminded, closeFull || remindFull);
    }

    private async Task<(int Closed, bool Full)> CloseEndedAsync(CancellationToken cancellationToken)
    {
        var due = await store.EndedButOpenAsync(clock.GetUtcNow() - options.Value.AutoCloseAfter, BatchSize, cancellationToken);
        var closed = 0;
        foreach (var meeting in due)
        {
            var loaded = await closer.CloseAsync(meeting.Id, null, cancellationToken);
            if (loaded is null)
            {
                // The secretary or another instance closed it first.
                continue;
            }

            closed++;
            LogClosed(logger, meeting.Id, loaded.Present, loaded.OnLeave, loaded.Absent);
            await PostSummaryAsync(loaded, cancellationToken);
        }

        return (closed, due.Count == BatchSize);
    }

    /// <summary>The summary goes to the meeting's conversation in the language and time zone of its card.</summary>
    private async Task PostSummaryAsync(LedgerMeeting loaded, CancellationToken cancellationToken)
    {
        var meeting = loaded.Meeting;
        using var _ = BotCulture.Use(BotCulture.FromLocale(meeting.Locale));
        var zone = TimeZones.FindOr(meeting.TimeZone, botOptions.Value.DefaultTimeZone);
        var summary = closer.SummaryCard(loaded, zone, text["SummaryAutoClosed"]);
        try
        {
            await messenger.SendToConversationAsync(meeting.ConversationId, new Activity
            {
                Type = ActivityTypes.Message,
                Summary = text["SummaryTitle", meeting.Title],
                Attachments = [Attachment.AdaptiveCard(summary)],
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The close is recorded; the summary stays in the ledger and the closed card. Other meetings go on.
            LogSummaryUndelivered(logger, e, meeting.Id);
        }
    }

    private async Task<(int Reminded, bool Full)> RemindAsync(CancellationToken cancellationToken)
    {
        // Due from AutoRemindBefore ahead of the deadline, but never sooner than AutoRemindNotWithin after the
        // announcement: whoever just got the card has not had the time to answer yet.
        var now = clock.GetUtcNow();
        var due = await store.DueForAutoReminderAsync(now + options.Value.AutoRemindBefore, now - options.Value.AutoRemindNotWithin, BatchSize, cancellationToken);
        var reminded = 0;
        foreach (var meeting in due)
        {
            // The round's sends are stored first (one idempotency key per meeting and person), then the meeting is
            // claimed: a crash in between leaves stored sends that the outbox of any instance delivers, and a later
            // pass finds the round already stored and only claims it.
            QueuedReminders? queued;
            try
            {
                queued = await reminder.QueueAsync(meeting, null, cancellationToken);
            }
            catch (DbUpdateException e) when (!StoreCapabilities.IsBusy(e))
            {
                // Stored already, by another instance or by this one before a crash: that copy is sent by the outbox.
                db.ChangeTracker.Clear();
                queued = null;
            }

            if (!await store.ClaimAutoReminderAsync(meeting.Id, cancellationToken))
            {
                // Closed or cancelled meanwhile: what this pass stored must not go out.
                if (queued is not null)
                {
                    await reminder.DiscardAsync(queued, cancellationToken);
                }

                continue;
            }

            if (queued is null)
            {
                continue;
            }

            var round = await reminder.DeliverAsync(queued, cancellationToken);
            reminded++;
            LogReminded(logger, meeting.Id, round.Reached, round.Unreachable.Count);
        }

        return (reminded, due.Count == BatchSize);
    }

    [LoggerMessage(EventId = 2040, Level = LogLevel.Information, Message = "Meeting {MeetingId} closed automatically: {Present} present, {OnLeave} on leave, {Absent} absent")]
    private static partial void LogClosed(ILogger logger, long meetingId, int present, int onLeave, int absent);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Warning, Message = "The summary of automatically closed meeting {MeetingId} could not be posted")]
    private static partial void LogSummaryUndelivered(ILogger logger, Exception exception, long meetingId);

    [LoggerMessage(EventId = 2042, Level = LogLevel.Information, Message = "Automatic reminder of meeting {MeetingId}: {Reached} reminded, {Unreachable} unreachable")]
    private static partial void LogReminded(ILogger logger, long meetingId, int reached, int unreachable);
}
