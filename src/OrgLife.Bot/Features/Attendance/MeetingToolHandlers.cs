using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>Secretary tools (roster, remind, close, export) and what members and leaders read (my attendance, statistics).</summary>
internal sealed partial class MeetingToolHandlers(
    MeetingStore store,
    MeetingCards cards,
    MeetingAccess access,
    MeetingPicker picker,
    MeetingCloser closer,
    NonResponderReminder reminder,
    AttendanceLedger ledger,
    RecordStore records,
    MinutesDocument minutes,
    PrivateDownloads downloads,
    ProactiveMessenger messenger,
    RoleService roles,
    BotDbContext db,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<AttendanceOptions> options,
    IOptions<BotOptions> botOptions,
    TimeProvider clock,
    ILogger<MeetingToolHandlers> logger)
{
    private const int MaxRosterLines = 80;

    public Task<CardResult> RosterAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        ManagedAsync(turn, action, async meeting => await MeetingAccess.ShowAsync(turn, action, await RosterCardAsync(turn, meeting, cancellationToken), cancellationToken), cancellationToken);

    public Task<CardResult> RemindAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        ManagedAsync(turn, action, async meeting => await NoticeAsync(turn, action, meeting, await RemindAsync(turn, meeting, cancellationToken), cancellationToken), cancellationToken);

    public Task<CardResult> CloseAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        ManagedAsync(turn, action, async meeting => await NoticeAsync(turn, action, meeting, await CloseAsync(turn, meeting, cancellationToken), cancellationToken), cancellationToken);

    /// <summary>The "are you sure" card of a close asked for by command or from the list of open meetings.</summary>
    public Task<CardResult> ConfirmCloseAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        ManagedAsync(turn, action, async meeting => await MeetingAccess.ShowAsync(turn, action, await CloseConfirmationAsync(turn, meeting, cancellationToken), cancellationToken), cancellationToken);

    public Task<CardResult> ExportAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        ManagedAsync(turn, action, async meeting => await NoticeAsync(turn, action, meeting, await DeliverExportAsync(turn, [meeting], "#" + meeting.Id.ToString(CultureInfo.InvariantCulture), cancellationToken), cancellationToken), cancellationToken);

    /// <summary>"名单 12" / "roster 12"; "名单" alone: the only open meeting, or a choice.</summary>
    public async Task RosterCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (await picker.PickAsync(turn, arguments, AttendanceVerbs.Roster, cancellationToken) is { } meeting)
        {
            await turn.SendCardAsync(await RosterCardAsync(turn, meeting, cancellationToken), cancellationToken);
        }
    }

    /// <summary>"提醒未回复 12" / "remind 12"; without a number as <see cref="RosterCommandAsync"/>.</summary>
    public async Task RemindCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (await picker.PickAsync(turn, arguments, AttendanceVerbs.Remind, cancellationToken) is { } meeting)
        {
            await turn.SendTextAsync((await RemindAsync(turn, meeting, cancellationToken)).Message, cancellationToken);
        }
    }

    /// <summary>"结束会议 12" / "close meeting 12": a card asking to confirm (closing records absentees and cannot be undone).</summary>
    public async Task CloseCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (await picker.PickAsync(turn, arguments, AttendanceVerbs.ConfirmClose, cancellationToken) is not { } meeting)
        {
            return;
        }

        if (CloseRefusal(turn, meeting) is { } refusal)
        {
            await turn.SendTextAsync(refusal, cancellationToken);
            return;
        }

        await turn.SendCardAsync(await CloseConfirmationAsync(turn, meeting, cancellationToken), cancellationToken);
    }

    /// <summary>"导出 12", "导出 2026Q3", "导出 2026-10", "导出 2026-10-01 2026-12-31", "导出" (this quarter).</summary>
    public async Task ExportCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var args = arguments.Trim().TrimStart('#');
        if (long.TryParse(args, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            if (await picker.PickAsync(turn, args, AttendanceVerbs.Export, cancellationToken) is { } meeting)
            {
                await turn.SendTextAsync((await DeliverExportAsync(turn, [meeting], "#" + id.ToString(CultureInfo.InvariantCulture), cancellationToken)).Message, cancellationToken);
            }

            return;
        }

        var zone = turn.TimeZone;
        if (!TryRange(args, turn.LocalNow(clock), zone, out var from, out var to, out var label))
        {
            await turn.SendTextAsync(text["ExportUsage"], cancellationToken);
            return;
        }

        var scopes = await ScopesWhereAsync(turn, [Role.Secretary], cancellationToken);
        if (scopes.Count == 0)
        {
            await turn.SendTextAsync(text["OnlyManagers"], cancellationToken);
            return;
        }

        var meetings = new List<Meeting>();
        foreach (var scope in scopes)
        {
            meetings.AddRange(await store.InScopeAsync(scope, from, to, cancellationToken));
        }

        if (meetings.Count == 0)
        {
            await turn.SendTextAsync(text["ExportNothing", label], cancellationToken);
            return;
        }

        await turn.SendTextAsync((await DeliverExportAsync(turn, meetings, label, cancellationToken)).Message, cancellationToken);
    }

    /// <summary>"我的出勤" / "my attendance": this scope's meetings, or every scope's in the personal chat.</summary>
    public async Task MyAttendanceAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var history = await store.HistoryAsync(turn.User.Id, turn.IsPersonal ? null : turn.Scope.Id, 200, cancellationToken);
        if (history.Count == 0)
        {
            await turn.SendTextAsync(text["HistoryEmpty"], cancellationToken);
            return;
        }

        var closed = history.Where(h => h.Meeting.ClosedAt is not null).ToList();
        var present = closed.Count(h => h.Attendee.Outcome == AttendanceOutcome.Present);
        var leave = closed.Count(h => h.Attendee.Outcome == AttendanceOutcome.Leave);
        var absent = closed.Count(h => h.Attendee.Outcome == AttendanceOutcome.Absent);
        var rate = closed.Count == 0 ? text["RateNone"].Value : Percent(present, closed.Count);
        var summary = ReportSection.OfFacts(null,
        [
            new(text["HistoryClosed"], closed.Count.ToString(CultureInfo.InvariantCulture)),
            new(text["OutcomePresent"], present.ToString(CultureInfo.InvariantCulture)),
            new(text["OutcomeLeave"], leave.ToString(CultureInfo.InvariantCulture)),
            new(text["OutcomeAbsent"], absent.ToString(CultureInfo.InvariantCulture)),
            new(text["HistoryRate"], rate),
            new(text["HistoryMadeUp"], text["HistoryMadeUpValue", closed.Count(h => h.Attendee is { Outcome: AttendanceOutcome.Leave, MakeUpDoneAt: not null }), leave].Value),
        ]);
        var recent = ReportSection.OfFacts(text["HistoryRecent"], [.. history.Take(15).Select(h => new ReportFact(
            $"{MeetingCards.Local(h.Meeting.StartsAt, turn.TimeZone)[..10]} {cards.TypeLabel(h.Meeting.Type)}·{h.Meeting.Title}",
            Label(h.Attendee)))]);
        await turn.SendCardAsync(cards.Render(new Report(text["HistoryTitle", turn.User.Name].Value, text["HistorySubtitle"].Value, [summary, recent])), cancellationToken);
    }

    /// <summary>"统计" / "stats" [2026Q3 | 2026-10]: 三会一课 against the standard frequency, and members' rates.</summary>
    public async Task StatsAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var localNow = turn.LocalNow(clock);
        StatsPeriod period;
        if (arguments.Trim().Length == 0)
        {
            period = StatsPeriod.CurrentQuarter(localNow);
        }
        else if (!StatsPeriod.TryParse(arguments, out period))
        {
            await turn.SendTextAsync(text["StatsUsage"], cancellationToken);
            return;
        }

        var scopes = await ScopesWhereAsync(turn, [Role.Secretary, Role.Leader], cancellationToken);
        if (scopes.Count == 0)
        {
            await turn.SendTextAsync(text["OnlySecretaryOrLeader"], cancellationToken);
            return;
        }

        var zone = botOptions.Value.DefaultTimeZone;
        foreach (var scopeId in scopes.Take(5))
        {
            var meetings = await store.InScopeAsync(scopeId, period.StartIn(zone), period.EndIn(zone), cancellationToken);
            var rows = await store.RostersAsync([.. meetings.Select(m => m.Id)], cancellationToken);
            var result = AttendanceStats.Compute(period, meetings, rows, options.Value.Frequency, zone, clock.GetUtcNow());
            var name = await db.Scopes.AsNoTracking().Where(s => s.Id == scopeId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken) ?? "";
            await turn.SendCardAsync(cards.Render(StatsReport(result, name)), cancellationToken);
        }
    }

    private Report StatsReport(StatsResult result, string scopeName)
    {
        var types = ReportSection.OfFacts(text["StatsTypes"], [.. result.Types.Select(t => new ReportFact(
            cards.TypeLabel(t.Type),
            t.Frequency == MeetingFrequency.None
                ? text["StatsHeldOnly", t.Held].Value
                : text["StatsHeld", t.Held, t.Required, text["Frequency_" + t.Frequency].Value].Value))]);
        var missing = result.Types.Where(t => t.MissingIn.Count > 0)
            .Select(t => new ReportLine(text["StatsMissing", cards.TypeLabel(t.Type), string.Join(text["NameSeparator"], t.MissingIn)].Value, "Attention")).ToArray();
        var sections = new List<ReportSection> { types };
        sections.Add(ReportSection.OfLines(text["StatsMissingHeading"], missing.Length > 0 ? missing : [new ReportLine(text["StatsNoneMissing"], "Good")]));
        sections.Add(result.Members.Count == 0
            ? ReportSection.OfLines(text["StatsMembers"], new ReportLine(text["StatsNoClosed"]))
            : ReportSection.OfFacts(text["StatsMembers"], [.. result.Members.Take(MaxRosterLines).Select(m => new ReportFact(
                m.Name, text["StatsMemberRate", Percent(m.Present, m.Expected), m.Present, m.Expected, m.OnLeave, m.Absent].Value))]));
        var note = result.Members.Count > MaxRosterLines ? text["MoreInExport", result.Members.Count - MaxRosterLines].Value : text["StatsNote"].Value;
        return new Report(text["StatsTitle", result.Period.Label].Value, text["StatsSubtitle", scopeName, result.MeetingsHeld].Value, sections, note);
    }

    private async Task<JsonObject> RosterCardAsync(BotTurn turn, Meeting meeting, CancellationToken cancellationToken)
    {
        var roster = await store.RosterAsync(meeting.Id, cancellationToken);
        var counts = await store.CountAsync(meeting.Id, cancellationToken);
        var groups = roster.GroupBy(r => cards.ResponseLabel(r.Response, r.CheckedInAt, r.Outcome));
        var sections = new List<ReportSection>();
        var shown = 0;
        foreach (var group in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var facts = group.Take(Math.Max(0, MaxRosterLines - shown)).Select(r => new ReportFact(r.Name,
                r.Response == AttendanceResponse.Leave && r.LeaveReason is { Length: > 0 } reason
                    ? text["RosterLeaveReason", reason].Value
                    : r.CheckedInAt is { } at ? text["RosterCheckedInAt", MeetingCards.Local(at, turn.TimeZone)[11..]].Value : group.Key)).ToList();
            shown += facts.Count;
            sections.Add(ReportSection.OfFacts($"{group.Key}（{group.Count()}）", facts));
        }

        var subtitle = text["RosterSubtitle", counts.Expected, counts.Attending, counts.OnLeave, counts.CheckedIn].Value;
        var note = roster.Count > shown ? text["MoreInExport", roster.Count - shown].Value : null;
        return cards.Render(new Report(text["RosterTitle", meeting.Title].Value, subtitle, sections, note, null,
        [
            new ReportButton(text["ButtonBack"], AttendanceVerbs.Refresh, meeting.Id),
            new ReportButton(text["ButtonExport"], AttendanceVerbs.Export, meeting.Id),
        ]));
    }

    private async Task<(string Message, bool IsError)> RemindAsync(BotTurn turn, Meeting meeting, CancellationToken cancellationToken)
    {
        if (meeting.CancelledAt is not null)
        {
            return (text["RefusedCancelled"], true);
        }

        if (meeting.ClosedAt is not null || clock.GetUtcNow() > meeting.RespondBy)
        {
            return (text["RemindTooLate"], true);
        }

        var round = await reminder.SendAsync(meeting, turn.User.Id, cancellationToken);
        if (round.Unanswered == 0)
        {
            return (text["RemindNobody"], false);
        }

        return round.Unreachable.Count == 0
            ? (text["Reminded", round.Reached].Value, false)
            : (text["RemindedSome", round.Reached, round.Unreachable.Count, cards.Names(round.Unreachable)].Value, true);
    }

    /// <summary>Why the meeting cannot be closed now; null when it can.</summary>
    private string? CloseRefusal(BotTurn turn, Meeting meeting) =>
        meeting.CancelledAt is not null ? text["RefusedCancelled"].Value
        : meeting.ClosedAt is not null ? text["AlreadyClosed"].Value
        : clock.GetUtcNow() < meeting.StartsAt ? text["CloseNotStarted", MeetingCards.Local(meeting.StartsAt, turn.TimeZone), meeting.Id].Value
        : null;

    private async Task<JsonObject> CloseConfirmationAsync(BotTurn turn, Meeting meeting, CancellationToken cancellationToken)
    {
        if (CloseRefusal(turn, meeting) is { } refusal)
        {
            return cards.Render(new Report(text["CloseConfirmTitle", meeting.Title].Value, refusal, [], null, [],
                [new ReportButton(text["ButtonBack"], AttendanceVerbs.Refresh, meeting.Id)]));
        }

        var counts = await store.CountAsync(meeting.Id, cancellationToken);
        var facts = ReportSection.OfFacts(null,
        [
            new(text["FactTime"], MeetingCards.Span(meeting, turn.TimeZone)),
            new(text["CountExpected"], counts.Expected.ToString(CultureInfo.InvariantCulture)),
            new(text["CountCheckedIn"], counts.CheckedIn.ToString(CultureInfo.InvariantCulture)),
            new(text["CountLeave"], counts.OnLeave.ToString(CultureInfo.InvariantCulture)),
        ]);
        return cards.Render(new Report(text["CloseConfirmTitle", meeting.Title].Value, text["CloseConfirmText"].Value, [facts], null, [],
        [
            new ReportButton(text["ButtonCloseConfirm"], AttendanceVerbs.Close, meeting.Id),
            new ReportButton(text["ButtonBack"], AttendanceVerbs.Refresh, meeting.Id),
        ]));
    }

    private async Task<(string Message, bool IsError)> CloseAsync(BotTurn turn, Meeting meeting, CancellationToken cancellationToken)
    {
        if (CloseRefusal(turn, meeting) is { } refusal)
        {
            return (refusal, true);
        }

        var loaded = await closer.CloseAsync(meeting.Id, turn.User.Id, cancellationToken);
        if (loaded is null)
        {
            return (text["AlreadyClosed"], false);
        }

        var closed = loaded.Meeting;
        var summary = closer.SummaryCard(loaded, turn.TimeZone);
        var here = OrgDirectory.WithoutThread(turn.Activity.Conversation!.Id!) == closed.ConversationId;
        try
        {
            if (here)
            {
                await turn.SendCardAsync(summary, cancellationToken, text["SummaryTitle", closed.Title]);
            }
            else
            {
                await messenger.SendToConversationAsync(closed.ConversationId, new Activity { Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(summary)] }, cancellationToken);
            }
        }
        catch (Exception e) when (e is RecipientUnreachableException or OrgLife.Protocol.Connector.ConnectorException)
        {
            LogUnreachable(logger, e, closed.Id);
        }

        return (text["Closed", loaded.Present, loaded.OnLeave, loaded.Absent].Value, false);
    }

    /// <summary>
    /// Writes the 台账 — Word (overview and each meeting's record), Excel (meetings, attendance, records) and CSV —
    /// behind one-time links and sends the link card to the requester's personal chat.
    /// </summary>
    private async Task<(string Message, bool IsError)> DeliverExportAsync(BotTurn turn, List<Meeting> meetings, string label, CancellationToken cancellationToken)
    {
        var loaded = await ledger.LoadAsync(meetings, cancellationToken);
        var views = await records.ViewsAsync(loaded, cancellationToken);
        var zone = turn.TimeZone;
        var baseName = "attendance-" + label.Replace("#", "meeting-", StringComparison.Ordinal).Replace(' ', '_');
        return await downloads.SendAsync(turn, text["ExportTitle", label], text["ExportText", meetings.Count, downloads.LinkMinutes],
        [
            new DownloadFile(baseName + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ledger.Xlsx(loaded, zone, views), text["ExportXlsx"]),
            new DownloadFile(baseName + ".docx", MinutesDocument.ContentType, minutes.WriteLedger(text["LedgerDocumentTitle", label], views, zone), text["ExportDocx"]),
            new DownloadFile(baseName + ".csv", "text/csv; charset=utf-8", ledger.Csv(loaded, zone), text["ExportCsv"]),
        ], cancellationToken);
    }

    private async Task<CardResult> ManagedAsync(BotTurn turn, CardAction action, Func<Meeting, Task<CardResult>> work, CancellationToken cancellationToken)
    {
        var meeting = await access.MeetingOfAsync(action, cancellationToken);
        if (meeting is null)
        {
            return CardResult.Text(text["MeetingNotFound"]);
        }

        if (!await access.IsManagerAsync(meeting, turn.User.Id, cancellationToken))
        {
            return CardResult.Text(text["OnlyManagers"]);
        }

        return await work(meeting);
    }

    private async Task<CardResult> NoticeAsync(BotTurn turn, CardAction action, Meeting meeting, (string Message, bool IsError) result, CancellationToken cancellationToken)
    {
        if (!action.IsExecute)
        {
            return CardResult.Text(result.Message);
        }

        var current = await store.FindAsync(meeting.Id, cancellationToken) ?? meeting;
        return CardResult.Replace(await access.PersonalCardAsync(turn, current, result.Message, result.IsError, cancellationToken));
    }

    /// <summary>The scope of the turn when the user holds a role there; in the personal chat every scope where they do.</summary>
    private async Task<IReadOnlyList<long>> ScopesWhereAsync(BotTurn turn, Role[] anyOf, CancellationToken cancellationToken)
    {
        if (!turn.IsPersonal)
        {
            return await roles.HasAnyAsync(turn.Scope.Id, turn.User.Id, anyOf, cancellationToken) ? [turn.Scope.Id] : [];
        }

        var scopes = new HashSet<long>();
        foreach (var role in anyOf)
        {
            scopes.UnionWith(await roles.ScopesWhereAsync(turn.User.Id, role, cancellationToken));
        }

        scopes.Remove(turn.Scope.Id);
        return [.. scopes.Order()];
    }

    private static bool TryRange(string args, DateTimeOffset localNow, TimeZoneInfo zone, out DateTimeOffset from, out DateTimeOffset to, out string label)
    {
        var parts = args.Split([' ', '~', '～', '至'], StringSplitOptions.RemoveEmptyEntries);
        StatsPeriod? period = null;
        if (parts.Length == 0)
        {
            period = StatsPeriod.CurrentQuarter(localNow);
        }
        else if (parts.Length == 1 && StatsPeriod.TryParse(parts[0], out var parsed))
        {
            period = parsed;
        }

        if (period is not null)
        {
            (from, to, label) = (period.StartIn(zone), period.EndIn(zone), period.Label);
            return true;
        }

        if (parts.Length == 2
            && MeetingForm.ToInstant(parts[0], "00:00", zone) is { } start
            && MeetingForm.ToInstant(parts[1], "00:00", zone) is { } end && end >= start)
        {
            (from, to, label) = (start, end.AddDays(1), $"{parts[0]}_{parts[1]}");
            return true;
        }

        (from, to, label) = (default, default, "");
        return false;
    }

    private string Label(MeetingAttendee attendee) =>
        attendee is { Outcome: AttendanceOutcome.Leave, MakeUpDoneAt: not null } ? text["OutcomeLeaveMadeUp"] : cards.ResponseLabel(attendee.Response, attendee.CheckedInAt, attendee.Outcome);

    private static string Percent(int part, int whole) =>
        whole == 0 ? "—" : Math.Round(100.0 * part / whole).ToString(CultureInfo.InvariantCulture) + "%";

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "A message for {Id} could not be delivered")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, long id);
}
