using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Cards;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>Who looks at a meeting card: nobody in particular (the shared card) or one person (their own view).</summary>
internal sealed record MeetingViewer(bool IsPerson, MeetingAttendee? Attendee, bool IsManager, TimeZoneInfo Zone)
{
    public static MeetingViewer Shared(TimeZoneInfo zone) => new(false, null, false, zone);
}

/// <summary>Renders the feature's cards in the current UI culture. Teams allows at most 60 ids in a card's refresh list.</summary>
internal sealed class MeetingCards(CardTemplates templates, PublicAddress address, IStringLocalizer<AttendanceStrings> text)
{
    public const int MaxRefreshUsers = 60;
    public const int MaxNames = 40;
    public const string TimeFormat = "yyyy-MM-dd HH:mm";

    public string TypeLabel(MeetingType type) => text["Type_" + type];

    public static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string Span(Meeting meeting, TimeZoneInfo zone)
    {
        var start = TimeZoneInfo.ConvertTime(meeting.StartsAt, zone);
        var end = TimeZoneInfo.ConvertTime(meeting.EndsAt, zone);
        return start.Date == end.Date
            ? string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd HH:mm}–{end:HH:mm}")
            : string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd HH:mm} – {end:yyyy-MM-dd HH:mm}");
    }

    // TextBlock.text must be a string: a bare number is dropped by the Adaptive Card renderers (the counts showed empty).
    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The meeting card, shared or for one viewer, with an optional notice (the result of their click).</summary>
    public JsonObject Meeting(Meeting meeting, MeetingCounts counts, MeetingViewer viewer, DateTimeOffset now, string? notice = null, bool noticeIsError = false, IReadOnlyList<string>? refreshUserIds = null)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(viewer);
        var cancelled = meeting.CancelledAt is not null;
        var closed = meeting.ClosedAt is not null || cancelled;
        var mine = viewer.Attendee;
        var answerOpen = !closed && now <= meeting.RespondBy;
        var checkInOpen = !closed && now >= meeting.CheckInOpensAt && now <= meeting.EndsAt;
        // The shared card keeps every button until the close: it is only replaced on clicks, so it cannot
        // follow the clock; the handlers explain a button pressed too early or too late.
        var canAnswer = viewer.IsPerson ? answerOpen && mine is not null : !closed;
        var canCheckIn = viewer.IsPerson ? checkInOpen && mine is { CheckedInAt: null } : !closed;
        var card = templates.Render("attendance/meeting", new
        {
            meetingId = meeting.Id,
            typeLabel = TypeLabel(meeting.Type),
            title = meeting.Title,
            facts = Facts(meeting, viewer.Zone),
            counts = new[]
            {
                new { label = text["CountExpected"].Value, value = Count(counts.Expected) },
                new { label = text["CountAttending"].Value, value = Count(counts.Attending) },
                new { label = text["CountLeave"].Value, value = Count(counts.OnLeave) },
                new { label = text["CountCheckedIn"].Value, value = Count(counts.CheckedIn) },
            },
            closedText = cancelled
                ? (meeting.CancelReason is { Length: > 0 } why ? text["MeetingCancelledLineReason", why].Value : text["MeetingCancelledLine"].Value)
                : closed ? text["MeetingClosedLine", counts.CheckedIn, counts.Expected].Value : "",
            status = viewer.IsPerson ? Status(meeting, mine, viewer.Zone) : "",
            notice = notice ?? "",
            noticeColor = noticeIsError ? "Attention" : "Good",
            isManager = viewer.IsManager,
            canRemind = viewer.IsManager && !closed && now <= meeting.RespondBy,
            canRecord = viewer.IsManager && !cancelled && now >= meeting.StartsAt,
            // Closing before the start would record everyone absent: the button appears once the meeting has begun.
            canClose = viewer.IsManager && !closed && now >= meeting.StartsAt,
            canChange = viewer.IsManager && !closed,
            canExport = viewer.IsManager && !cancelled,
            canAnswer,
            canCheckIn,
            calendarUrl = MeetingCalendar.Url(address.BaseUrl(), meeting) ?? "",
            joinUrl = closed ? "" : MeetingCalendar.JoinUrl(meeting) ?? "",
            reason = mine?.LeaveReason ?? "",
            labels = new
            {
                attend = text["ButtonAttend"].Value,
                leave = text["ButtonLeave"].Value,
                reason = text["LabelReason"].Value,
                reasonPlaceholder = text["LabelReasonPlaceholder"].Value,
                reasonRequired = text["ReasonRequired"].Value,
                leaveSubmit = text["ButtonLeaveSubmit"].Value,
                checkIn = text["ButtonCheckIn"].Value,
                refresh = text["ButtonRefresh"].Value,
                roster = text["ButtonRoster"].Value,
                remind = text["ButtonRemind"].Value,
                export = text["ButtonExport"].Value,
                close = text["ButtonClose"].Value,
                closeConfirmText = text["CloseConfirmText"].Value,
                closeConfirm = text["ButtonCloseConfirm"].Value,
                edit = text["ButtonEdit"].Value,
                record = text["ButtonRecord"].Value,
                calendar = text["ButtonCalendar"].Value,
                join = text["ButtonJoin"].Value,
                cancel = text["ButtonCancel"].Value,
                cancelConfirmText = text["CancelConfirmText"].Value,
                cancelReason = text["LabelCancelReason"].Value,
                cancelConfirm = text["ButtonCancelConfirm"].Value,
            },
        });
        var refresh = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = AttendanceVerbs.Refresh,
                ["data"] = new JsonObject { ["meetingId"] = meeting.Id },
            },
        };
        // More than 60 people: no automatic refresh; each person refreshes by hand (the refresh button).
        if (refreshUserIds is { Count: > 0 and <= MaxRefreshUsers })
        {
            refresh["userIds"] = new JsonArray([.. refreshUserIds.Select(id => (JsonNode?)JsonValue.Create(id))]);
        }

        card["refresh"] = refresh;
        return card;
    }

    /// <summary>The new-meeting form, or (<paramref name="editing"/>) the form changing a meeting: same fields, no audience.</summary>
    public JsonObject Form(MeetingForm values, IReadOnlyList<string> errors, IReadOnlyList<(string Id, string Name)> people, TimeZoneInfo zone, Meeting? editing = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return templates.Render("attendance/form", new
        {
            verb = editing is null ? AttendanceVerbs.Create : AttendanceVerbs.Save,
            meetingId = editing?.Id ?? 0,
            chooseAudience = editing is null,
            heading = editing is null ? text["FormHeading"].Value : text["EditHeading", editing.Id].Value,
            intro = text["FormIntro", zone.Id].Value,
            errorsHeading = editing is null ? text["FormErrorsHeading"].Value : text["EditErrorsHeading"].Value,
            errors = errors.Select(key => new { text = text[key].Value }).ToList(),
            types = Enum.GetValues<MeetingType>().Select(t => new { title = TypeLabel(t), value = t.ToString() }).ToList(),
            people = editing is null ? people.Select(p => new { id = p.Id, name = p.Name }).ToList() : [],
            values,
            labels = new
            {
                type = text["LabelType"].Value,
                voting = text["LabelVoting"].Value,
                title = text["LabelTitle"].Value,
                titlePlaceholder = text["LabelTitlePlaceholder"].Value,
                titleRequired = text["ErrorTitleRequired"].Value,
                startDate = text["LabelStartDate"].Value,
                startTime = text["LabelStartTime"].Value,
                endDate = text["LabelEndDate"].Value,
                endTime = text["LabelEndTime"].Value,
                place = text["LabelPlace"].Value,
                placePlaceholder = text["LabelPlacePlaceholder"].Value,
                deadlineDate = text["LabelDeadlineDate"].Value,
                deadlineTime = text["LabelDeadlineTime"].Value,
                deadlineHint = text["LabelDeadlineHint"].Value,
                audience = text["LabelAudience"].Value,
                audienceAll = text["LabelAudienceAll"].Value,
                audienceChosen = text["LabelAudienceChosen"].Value,
                people = text["LabelPeople"].Value,
                submit = editing is null ? text["ButtonPublish"].Value : text["ButtonSave"].Value,
                required = text["LabelRequired"].Value,
            },
        });
    }

    public JsonObject Render(Report report) => templates.Render("attendance/report", report);

    /// <summary>Names joined for a card line, the first <see cref="MaxNames"/> only ("… and 3 more").</summary>
    public string Names(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return string.Join(text["NameSeparator"], names.Take(MaxNames)) + (names.Count > MaxNames ? text["AndMore", names.Count - MaxNames].Value : "");
    }

    public string ResponseLabel(AttendanceResponse response, DateTimeOffset? checkedInAt, AttendanceOutcome outcome) => outcome switch
    {
        AttendanceOutcome.Present => text["OutcomePresent"],
        AttendanceOutcome.Leave => text["OutcomeLeave"],
        AttendanceOutcome.Absent => text["OutcomeAbsent"],
        _ when checkedInAt is not null => text["StateCheckedIn"],
        _ => response switch
        {
            AttendanceResponse.Attend => text["StateAttending"],
            AttendanceResponse.Leave => text["StateLeave"],
            _ => text["StateNoAnswer"],
        },
    };

    private List<object> Facts(Meeting meeting, TimeZoneInfo zone)
    {
        var facts = new List<object>
        {
            new { title = text["FactTime"].Value, value = Span(meeting, zone) },
        };
        if (meeting.Place.Length > 0)
        {
            facts.Add(new { title = text["FactPlace"].Value, value = meeting.Place });
        }

        facts.Add(new { title = text["FactDeadline"].Value, value = Local(meeting.RespondBy, zone) });
        facts.Add(new { title = text["FactCheckIn"].Value, value = text["FactCheckInValue", Local(meeting.CheckInOpensAt, zone), Local(meeting.EndsAt, zone)[11..]].Value });
        facts.Add(new { title = text["FactNumber"].Value, value = "#" + meeting.Id.ToString(CultureInfo.InvariantCulture) });
        return facts;
    }

    private string Status(Meeting meeting, MeetingAttendee? mine, TimeZoneInfo zone)
    {
        if (mine is null)
        {
            return text["StatusNotExpected"];
        }

        if (meeting.ClosedAt is not null)
        {
            return text["StatusOutcome", ResponseLabel(mine.Response, mine.CheckedInAt, mine.Outcome)];
        }

        if (mine.CheckedInAt is { } at)
        {
            return text["StatusCheckedIn", Local(at, zone)[11..]];
        }

        return mine.Response switch
        {
            AttendanceResponse.Attend => text["StatusAttending"],
            AttendanceResponse.Leave => text["StatusLeave", mine.LeaveReason ?? ""],
            _ => text["StatusNoAnswer"],
        };
    }
}

/// <summary>The card verbs of the feature.</summary>
internal static class AttendanceVerbs
{
    public const string Create = "meeting.create";
    public const string Attend = "meeting.attend";
    public const string Leave = "meeting.leave";
    public const string CheckIn = "meeting.checkin";
    public const string Refresh = "meeting.refresh";
    public const string Roster = "meeting.roster";
    public const string Remind = "meeting.remind";
    public const string Close = "meeting.close";
    public const string Export = "meeting.export";
    public const string ConfirmClose = "meeting.confirmclose";
    public const string Edit = "meeting.edit";
    public const string Save = "meeting.save";
    public const string Cancel = "meeting.cancel";
    public const string Record = "meeting.record";
    public const string RecordSave = "meeting.recordsave";
    public const string RecordDocument = "meeting.recorddoc";
    public const string MakeUp = "meeting.makeup";
    public const string Attach = "meeting.attach";
    public const string Attachments = "meeting.attachments";
}
