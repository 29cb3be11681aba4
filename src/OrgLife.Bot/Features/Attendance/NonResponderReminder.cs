using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>What one reminder round did: how many had not answered, and the names of those who could not be reached.</summary>
internal sealed record ReminderRound(int Unanswered, IReadOnlyList<string> Unreachable)
{
    public int Reached => Unanswered - Unreachable.Count;
}

/// <summary>
/// "提醒未回复": each expected attendee who has neither answered nor checked in gets the meeting card in their own
/// chat with the bot, in their language and time zone, with a notice naming the deadline. The secretary's button
/// and the automatic reminder send exactly this.
/// </summary>
internal sealed partial class NonResponderReminder(
    MeetingStore store,
    MeetingCards cards,
    ProactiveMessenger messenger,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<BotOptions> botOptions,
    TimeProvider clock,
    ILogger<NonResponderReminder> logger)
{
    /// <summary>Reminds the non-responders; never the organiser (who called the meeting), nor <paramref name="askedBy"/> (who pressed the button).</summary>
    public async Task<ReminderRound> SendAsync(Meeting meeting, long? askedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        long[] except = askedBy is { } asker ? [meeting.OrganizerUserId, asker] : [meeting.OrganizerUserId];
        var unanswered = await store.UnansweredAsync(meeting.Id, except, cancellationToken);
        var unreachable = new List<string>();
        var counts = await store.CountAsync(meeting.Id, cancellationToken);
        foreach (var person in unanswered)
        {
            using var _ = BotCulture.Use(BotCulture.FromLocale(person.Locale));
            var zone = TimeZones.FindOr(person.TimeZone, botOptions.Value.DefaultTimeZone);
            var attendee = new MeetingAttendee { MeetingId = meeting.Id, UserId = person.Id };
            var card = cards.Meeting(meeting, counts, new MeetingViewer(true, attendee, false, zone), clock.GetUtcNow(), text["RemindNotice", MeetingCards.Local(meeting.RespondBy, zone)].Value, false, [person.TeamsId]);
            try
            {
                await messenger.SendToUserAsync(person.Id, new Activity { Type = ActivityTypes.Message, Summary = text["RemindSummary", meeting.Title], Attachments = [Attachment.AdaptiveCard(card)] }, cancellationToken);
            }
            catch (Exception e) when (e is RecipientUnreachableException or ConnectorException)
            {
                LogUnreachable(logger, e, meeting.Id, person.Id);
                unreachable.Add(person.Name);
            }
        }

        return new ReminderRound(unanswered.Count, unreachable);
    }

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "The reminder of meeting {MeetingId} could not be delivered to user {UserId}")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, long meetingId, long userId);
}
