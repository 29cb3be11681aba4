using System.Globalization;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>"我的会议" / "my meetings": a member's coming meetings (not closed, not cancelled) with their own answer.</summary>
internal sealed class MyMeetingsHandler(MeetingStore store, MeetingCards cards, IStringLocalizer<AttendanceStrings> text)
{
    private const int MaxMeetings = 10;
    // Teams shows at most six actions on a card without an overflow menu.
    private const int MaxButtons = 6;

    public async Task ShowAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var upcoming = await store.UpcomingAsync(turn.User.Id, turn.IsPersonal ? null : turn.Scope.Id, MaxMeetings + 1, cancellationToken);
        if (upcoming.Count == 0)
        {
            await turn.SendTextAsync(text["MyMeetingsEmpty"], cancellationToken);
            return;
        }

        var sections = upcoming.Take(MaxMeetings).Select(u =>
        {
            List<ReportFact> facts = [new(text["FactTime"], MeetingCards.Span(u.Meeting, turn.TimeZone))];
            if (u.Meeting.Place.Length > 0)
            {
                facts.Add(new(text["FactPlace"], u.Meeting.Place));
            }

            facts.Add(new(text["FactDeadline"], MeetingCards.Local(u.Meeting.RespondBy, turn.TimeZone)));
            facts.Add(new(text["FactMyAnswer"], Answer(u.Attendee)));
            return ReportSection.OfFacts(text["MyMeetingsHeading", u.Meeting.Id, cards.TypeLabel(u.Meeting.Type), u.Meeting.Title].Value, facts);
        }).ToList();
        var buttons = upcoming.Take(MaxButtons).Select(u => new ReportButton(
            text["MyMeetingsOpen", u.Meeting.Id.ToString(CultureInfo.InvariantCulture)].Value, AttendanceVerbs.Refresh, u.Meeting.Id)).ToList();
        var note = upcoming.Count > MaxMeetings ? text["MyMeetingsMore", MaxMeetings].Value : null;
        await turn.SendCardAsync(cards.Render(new Report(text["MyMeetingsTitle"].Value, text["MyMeetingsSubtitle"].Value, sections, note, [], buttons)),
            cancellationToken, text["MyMeetingsTitle"]);
    }

    private string Answer(MeetingAttendee attendee) =>
        attendee.Response == AttendanceResponse.Leave && attendee.LeaveReason is { Length: > 0 } reason && attendee.CheckedInAt is null
            ? text["NameWithReason", cards.ResponseLabel(attendee.Response, attendee.CheckedInAt, attendee.Outcome), reason].Value
            : cards.ResponseLabel(attendee.Response, attendee.CheckedInAt, attendee.Outcome);
}
