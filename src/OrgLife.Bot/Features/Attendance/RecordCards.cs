using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Cards;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>The record form, the 补课 card, and the sentences both they and the Word record use.</summary>
internal sealed class RecordCards(CardTemplates templates, MeetingCards cards, IStringLocalizer<AttendanceStrings> text)
{
    // Keeps the 补课 card well under Teams' 28 KB with the longest agenda and decisions.
    private const int MaxCardMinutes = 1500;
    // The chair and the recorder are chosen among this many people (those present first): each name appears twice on the form.
    private const int MaxPeopleChoices = 40;

    public JsonObject Form(RecordView view, MeetingRecordForm values, IReadOnlyList<string> errors, string? notice, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(view);
        var m = view.Meeting;
        return templates.Render("attendance/record", new
        {
            meetingId = m.Id,
            heading = text["RecordHeading", m.Title].Value,
            subtitle = Subtitle(m, zone),
            errors = errors.Select(key => new { text = text[key].Value }).ToList(),
            notice = notice ?? "",
            facts = Facts(view).Select(f => new { title = f.Title, value = f.Value }).ToList(),
            lines = Lines(view).Select(l => new { text = l.Text, color = l.Color }).ToList(),
            people = view.People.OrderByDescending(p => p.WasPresent || p.UserId == view.Record?.HostUserId || p.UserId == view.Record?.RecorderUserId)
                .Take(MaxPeopleChoices).Select(p => new { id = p.UserId.ToString(CultureInfo.InvariantCulture), name = p.Name }).ToList(),
            values,
            hasRecord = view.Record is not null,
            attachmentsHeading = text["AttachmentsHeading"].Value,
            attachments = AttachmentLines(view).Select(line => new { text = line }).ToList(),
            hasAttachments = view.Files.Count > 0,
            labels = new
            {
                errorsHeading = text["EditErrorsHeading"].Value,
                topics = text["RecordTopics"].Value,
                topicsPlaceholder = text["RecordTopicsPlaceholder"].Value,
                topicsRequired = text["RecordErrorTopics"].Value,
                host = text["RecordHost"].Value,
                recorder = text["RecordRecorder"].Value,
                minutes = text["RecordMinutes"].Value,
                minutesPlaceholder = text["RecordMinutesPlaceholder"].Value,
                decisions = text["RecordDecisions"].Value,
                decisionsPlaceholder = text["RecordDecisionsPlaceholder"].Value,
                save = text["ButtonSaveRecord"].Value,
                document = text["ButtonRecordDocument"].Value,
                attachments = text["ButtonAttachments"].Value,
            },
        });
    }

    /// <summary>The 补课 item of someone who was on leave: what the meeting discussed and decided, and the confirmation.</summary>
    public JsonObject MakeUp(Meeting meeting, MeetingAttendee attendee, MeetingRecord? record, string? notice, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(attendee);
        List<object> sections = [];
        if (record is null)
        {
            sections.Add(new { heading = text["RecordMinutes"].Value, text = text["MakeUpNoRecordYet"].Value });
        }
        else
        {
            sections.Add(new { heading = text["RecordTopics"].Value, text = Numbered(record.TopicList) });
            if (record.Minutes.Length > 0)
            {
                sections.Add(new { heading = text["RecordMinutes"].Value, text = record.Minutes.Length > MaxCardMinutes ? record.Minutes[..MaxCardMinutes] + "…" : record.Minutes });
            }

            if (record.Decisions.Length > 0)
            {
                sections.Add(new { heading = text["RecordDecisions"].Value, text = record.Decisions });
            }
        }

        var done = attendee.MakeUpDoneAt is { } at;
        return templates.Render("attendance/makeup", new
        {
            meetingId = meeting.Id,
            heading = text["MakeUpHeading", meeting.Title].Value,
            intro = text["MakeUpIntro"].Value,
            facts = new[]
            {
                new { title = text["FactTime"].Value, value = MeetingCards.Span(meeting, zone) },
                new { title = text["LabelReason"].Value, value = attendee.LeaveReason ?? "" },
            },
            sections,
            status = notice ?? (done ? text["MakeUpDoneAt", MeetingCards.Local(attendee.MakeUpDoneAt!.Value, zone)].Value : ""),
            statusColor = "Good",
            canComplete = !done,
            labels = new
            {
                note = text["MakeUpNote"].Value,
                notePlaceholder = text["MakeUpNotePlaceholder"].Value,
                noteRequired = text["MakeUpNoteRequired"].Value,
                complete = text["ButtonMakeUp"].Value,
            },
        });
    }

    /// <summary>One line per attachment: name, size, who sent it; "none" when there is none.</summary>
    public IReadOnlyList<string> AttachmentLines(RecordView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Files.Count == 0
            ? [text["AttachmentsNoneLine"].Value]
            : [.. view.Files.Select(f => text["AttachmentLine", f.FileName, AttachmentHandlers.Size(f.Size), view.NameOf(f.UploadedByUserId) ?? ""].Value.Replace("，）", "）", StringComparison.Ordinal).Replace(", )", ")", StringComparison.Ordinal))];
    }

    public string Subtitle(Meeting meeting, TimeZoneInfo zone) =>
        string.Join(" · ", new[] { cards.TypeLabel(meeting.Type), MeetingCards.Span(meeting, zone), meeting.Place }.Where(s => s.Length > 0));

    /// <summary>应到 / 实到 from the roster; absentees with their reasons.</summary>
    public IReadOnlyList<ReportFact> Facts(RecordView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var none = text["RecordNone"].Value;
        return
        [
            new(text["CountExpected"], view.People.Count.ToString(CultureInfo.InvariantCulture)),
            new(text["ColPresent"], view.Present.Count.ToString(CultureInfo.InvariantCulture)),
            new(text["ColLeaveNames"], Join(view.OnLeave.Select(p => p.LeaveReason is { Length: > 0 } why ? text["NameWithReason", p.Name, why].Value : p.Name), none)),
            new(text["ColAbsentNames"], Join(view.Absent.Select(p => p.Name), none)),
        ];
    }

    /// <summary>The quorum of a voting meeting and the 补课 state, as sentences with a colour.</summary>
    public IReadOnlyList<ReportLine> Lines(RecordView view) => [.. new[] { QuorumLine(view), MakeUpLine(view) }.OfType<ReportLine>()];

    /// <summary>Whether a voting meeting could decide; null for a meeting that does not vote.</summary>
    public ReportLine? QuorumLine(RecordView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!view.Meeting.IsVoting)
        {
            return null;
        }

        var quorum = view.Quorum;
        var probationary = view.People.Count - quorum.WithVote;
        return quorum.Reached
            ? new ReportLine(text["QuorumReached", quorum.WithVote, quorum.PresentWithVote, probationary].Value, "Good")
            : new ReportLine(text["QuorumNotReached", quorum.WithVote, quorum.PresentWithVote, probationary].Value, "Attention");
    }

    /// <summary>Who has and who has not made up a closed meeting they were on leave for; null when nobody was.</summary>
    public ReportLine? MakeUpLine(RecordView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.MakeUps.Count == 0)
        {
            return null;
        }

        var none = text["RecordNone"].Value;
        return new ReportLine(text["MakeUpState",
            Join(view.MakeUps.Where(p => p.MakeUpDoneAt is not null).Select(p => p.MakeUpNote is { Length: > 0 } note ? text["NameWithReason", p.Name, note].Value : p.Name), none),
            Join(view.MakeUps.Where(p => p.MakeUpDoneAt is null).Select(p => p.Name), none)].Value,
            view.MakeUps.All(p => p.MakeUpDoneAt is not null) ? "Good" : "Warning");
    }

    public static string Numbered(IReadOnlyList<string> items) =>
        string.Join("\n", items.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {t}")));

    private string Join(IEnumerable<string> names, string none)
    {
        var list = names.ToList();
        return list.Count == 0 ? none : cards.Names(list);
    }
}
