using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using System.Globalization;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Outbound;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Schema;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>What one reminder round did: how many had not answered, and the names of those who could not be reached.</summary>
internal sealed record ReminderRound(int Unanswered, IReadOnlyList<string> Unreachable)
{
    public int Reached => Unanswered - Unreachable.Count;
}

/// <summary>A round stored but not yet sent: who had not answered, and one stored send each (same order).</summary>
internal sealed record QueuedReminders(long MeetingId, IReadOnlyList<UserProfile> People, IReadOnlyList<OutboundMessage> Sends);

/// <summary>
/// "提醒未回复": each expected attendee who has neither answered nor checked in gets the meeting card in their own
/// chat with the bot, in their language and time zone, with a notice naming the deadline. The secretary's button
/// and the automatic reminder send exactly this, through the platform's <see cref="Outbox"/>: one stored send per
/// person first, so a crash in the middle of the round leaves the rest to be sent, not lost.
/// </summary>
internal sealed partial class NonResponderReminder(
    MeetingStore store,
    MeetingCards cards,
    Outbox outbox,
    BotDbContext db,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<BotOptions> botOptions,
    TimeProvider clock,
    ILogger<NonResponderReminder> logger)
{
    /// <summary>Reminds the non-responders; never the organiser (who called the meeting), nor <paramref name="askedBy"/> (who pressed the button).</summary>
    public async Task<ReminderRound> SendAsync(Meeting meeting, long? askedBy, CancellationToken cancellationToken) =>
        await DeliverAsync(await QueueAsync(meeting, askedBy, cancellationToken), cancellationToken);

    /// <summary>
    /// Stores one send per non-responder. The automatic round
    /// has one idempotency key per meeting and person; each press of the button is a round of its own.
    /// </summary>
    public async Task<QueuedReminders> QueueAsync(Meeting meeting, long? askedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        long[] except = askedBy is { } asker ? [meeting.OrganizerUserId, asker] : [meeting.OrganizerUserId];
        var unanswered = await store.UnansweredAsync(meeting.Id, except, cancellationToken);
        var counts = await store.CountAsync(meeting.Id, cancellationToken);
        var round = askedBy is null ? "auto" : Guid.NewGuid().ToString("N")[..12];
        var sends = new List<OutboundMessage>();
        foreach (var person in unanswered)
        {
            using var _ = BotCulture.Use(BotCulture.FromLocale(person.Locale));
            var zone = TimeZones.FindOr(person.TimeZone, botOptions.Value.DefaultTimeZone);
            var attendee = new MeetingAttendee { MeetingId = meeting.Id, UserId = person.Id };
            var card = cards.Meeting(meeting, counts, new MeetingViewer(true, attendee, false, zone), clock.GetUtcNow(), text["RemindNotice", MeetingCards.Local(meeting.RespondBy, zone)].Value, false, [person.TeamsId]);
            var key = string.Create(CultureInfo.InvariantCulture, $"attendance:remind:{meeting.Id}:{round}:{person.Id}");
            sends.Add(outbox.QueueToUser(key, person.Id, new Activity { Type = ActivityTypes.Message, Summary = text["RemindSummary", meeting.Title], Attachments = [Attachment.AdaptiveCard(card)] }));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new QueuedReminders(meeting.Id, unanswered, sends);
    }

    /// <summary>Drops a stored round that must not go out after all (the meeting closed before it was claimed).</summary>
    public Task DiscardAsync(QueuedReminders queued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queued);
        return outbox.DiscardAsync(queued.Sends, cancellationToken);
    }

    /// <summary>Sends a stored round now. Whoever Teams refused is named; a throttled send stays queued and goes out later.</summary>
    public async Task<ReminderRound> DeliverAsync(QueuedReminders queued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queued);
        var outcomes = await outbox.SendNowAsync(queued.Sends, cancellationToken);
        var unreachable = new List<string>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i] is SendOutcome.Unreachable or SendOutcome.Failed)
            {
                LogUnreachable(logger, queued.MeetingId, queued.People[i].Id);
                unreachable.Add(queued.People[i].Name);
            }
        }

        return new ReminderRound(queued.People.Count, unreachable);
    }

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "The reminder of meeting {MeetingId} could not be delivered to user {UserId}")]
    private static partial void LogUnreachable(ILogger logger, long meetingId, long userId);
}
