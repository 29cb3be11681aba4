using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// 补课: whoever was on leave from a closed meeting gets a make-up item — the meeting's agenda, minutes and
/// decisions, and a confirmation with a note. It is sent to them when the meeting closes, "我的补课" lists the open
/// ones, and the secretary sees done / not done on the record; 我的出勤 shows it.
/// </summary>
internal sealed partial class MakeUpHandlers(
    MeetingStore meetings,
    RecordStore records,
    RecordCards recordCards,
    MeetingAccess access,
    ProactiveMessenger messenger,
    BotDbContext db,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<BotOptions> botOptions,
    ILogger<MakeUpHandlers> logger)
{
    private const int MaxItems = 5;

    /// <summary>"我的补课" / "my make-up": each open item as its own card.</summary>
    public async Task MineAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var pending = await records.PendingMakeUpsAsync(turn.User.Id, MaxItems, cancellationToken);
        if (pending.Count == 0)
        {
            await turn.SendTextAsync(text["MakeUpNone"], cancellationToken);
            return;
        }

        foreach (var (meeting, attendee) in pending)
        {
            await turn.SendCardAsync(recordCards.MakeUp(meeting, attendee, await records.FindAsync(meeting.Id, cancellationToken), null, turn.TimeZone), cancellationToken, text["MakeUpHeading", meeting.Title]);
        }
    }

    /// <summary>The confirmation: a note is required; done once.</summary>
    public async Task<CardResult> CompleteAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var meeting = await access.MeetingOfAsync(action, cancellationToken);
        if (meeting is null)
        {
            return CardResult.Text(text["MeetingNotFound"]);
        }

        var note = action.GetString("note")?.Trim() ?? "";
        var attendee = await meetings.AttendeeAsync(meeting.Id, turn.User.Id, cancellationToken);
        if (attendee is null || attendee.Outcome != AttendanceOutcome.Leave)
        {
            return CardResult.Text(text["MakeUpNotYours"]);
        }

        string message;
        if (note.Length == 0)
        {
            message = text["MakeUpNoteRequired"];
        }
        else
        {
            message = await records.CompleteMakeUpAsync(meeting.Id, turn.User.Id, note, cancellationToken) ? text["MakeUpDone"] : text["MakeUpAlready"];
            attendee = await meetings.AttendeeAsync(meeting.Id, turn.User.Id, cancellationToken) ?? attendee;
        }

        var card = recordCards.MakeUp(meeting, attendee, await records.FindAsync(meeting.Id, cancellationToken), message, turn.TimeZone);
        return action.IsExecute ? CardResult.Replace(card) : CardResult.Text(message);
    }

    /// <summary>At the close: each person on leave gets their item in their own chat, language and time zone (best effort).</summary>
    public async Task SendItemsAsync(LedgerMeeting closed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var onLeave = closed.People.Where(p => p.Outcome == AttendanceOutcome.Leave).Select(p => p.UserId).ToList();
        if (onLeave.Count == 0)
        {
            return;
        }

        var record = await records.FindAsync(closed.Meeting.Id, cancellationToken);
        var people = await db.Users.AsNoTracking().Where(u => onLeave.Contains(u.Id)).ToListAsync(cancellationToken);
        foreach (var person in people)
        {
            var attendee = await meetings.AttendeeAsync(closed.Meeting.Id, person.Id, cancellationToken);
            if (attendee is null)
            {
                continue;
            }

            using var _ = BotCulture.Use(BotCulture.FromLocale(person.Locale));
            var zone = TimeZones.FindOr(person.TimeZone, botOptions.Value.DefaultTimeZone);
            var card = recordCards.MakeUp(closed.Meeting, attendee, record, null, zone);
            try
            {
                await messenger.SendToUserAsync(person.Id, new Activity { Type = ActivityTypes.Message, Summary = text["MakeUpHeading", closed.Meeting.Title], Attachments = [Attachment.AdaptiveCard(card)] }, cancellationToken);
            }
            catch (Exception e) when (e is RecipientUnreachableException or ConnectorException)
            {
                // The item stays open under "我的补课".
                LogUnreachable(logger, e, closed.Meeting.Id, person.Id);
            }
        }
    }

    [LoggerMessage(EventId = 2071, Level = LogLevel.Information, Message = "The make-up item of meeting {MeetingId} could not be sent to user {UserId}")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, long meetingId, long userId);
}
