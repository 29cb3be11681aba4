using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// Closing a meeting, by its secretary or automatically after its end: the outcomes are recorded (no answer and
/// no check-in is an absence), the shared card is queued for its closed state, and the summary card is built.
/// Where the summary goes is the caller's choice (the current turn, or the meeting's conversation).
/// </summary>
internal sealed class MeetingCloser(
    MeetingStore store,
    AttendanceLedger ledger,
    MeetingCards cards,
    MeetingCardRefresher refresher,
    MakeUpHandlers makeUps,
    IStringLocalizer<AttendanceStrings> text)
{
    /// <summary>The closed meeting with its people; null when it was already closed (by someone else, or another instance).</summary>
    /// <param name="closedBy">The closing person; null for the automatic close.</param>
    public async Task<LedgerMeeting?> CloseAsync(long meetingId, long? closedBy, CancellationToken cancellationToken)
    {
        if (!await store.CloseAsync(meetingId, closedBy, cancellationToken))
        {
            return null;
        }

        var closed = await store.FindAsync(meetingId, cancellationToken);
        if (closed is null)
        {
            return null;
        }

        refresher.MarkDirty(closed);
        var loaded = (await ledger.LoadAsync([closed], cancellationToken))[0];
        await makeUps.SendItemsAsync(loaded, cancellationToken);
        return loaded;
    }

    /// <summary>Counts, who was on leave (with reasons) and who was absent; <paramref name="note"/> is shown small at the end.</summary>
    public JsonObject SummaryCard(LedgerMeeting meeting, TimeZoneInfo zone, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var m = meeting.Meeting;
        var facts = ReportSection.OfFacts(null,
        [
            new(text["FactTime"], MeetingCards.Span(m, zone)),
            new(text["CountExpected"], meeting.Expected.ToString(CultureInfo.InvariantCulture)),
            new(text["OutcomePresent"], meeting.Present.ToString(CultureInfo.InvariantCulture)),
            new(text["OutcomeLeave"], meeting.OnLeave.ToString(CultureInfo.InvariantCulture)),
            new(text["OutcomeAbsent"], meeting.Absent.ToString(CultureInfo.InvariantCulture)),
        ]);
        var leave = meeting.People.Where(p => p.Outcome == AttendanceOutcome.Leave)
            .Select(p => text["NameWithReason", p.Name, p.LeaveReason ?? ""].Value).ToList();
        var absent = meeting.People.Where(p => p.Outcome == AttendanceOutcome.Absent).Select(p => p.Name).ToList();
        var lines = new List<ReportLine>();
        if (leave.Count > 0)
        {
            lines.Add(new ReportLine(text["SummaryLeave", cards.Names(leave)].Value));
        }

        if (absent.Count > 0)
        {
            lines.Add(new ReportLine(text["SummaryAbsent", cards.Names(absent)].Value, "Attention"));
        }

        return cards.Render(new Report(text["SummaryTitle", m.Title].Value, cards.TypeLabel(m.Type), [facts, new ReportSection(null, [], lines)], note, null,
            [new ReportButton(text["ButtonRecord"], AttendanceVerbs.Record, m.Id), new ReportButton(text["ButtonExport"], AttendanceVerbs.Export, m.Id)]));
    }
}
