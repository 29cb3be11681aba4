using System.Globalization;
using System.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Localization;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>One meeting of the ledger with its people.</summary>
internal sealed record LedgerMeeting(Meeting Meeting, IReadOnlyList<RosterLine> People)
{
    public int Expected => People.Count;
    public int Present => People.Count(p => p.CheckedInAt is not null || p.Outcome == AttendanceOutcome.Present);
    public int OnLeave => People.Count(p => p.CheckedInAt is null && (p.Outcome == AttendanceOutcome.Leave || (p.Outcome == AttendanceOutcome.Pending && p.Response == AttendanceResponse.Leave)));
    public int Absent => People.Count(p => p.Outcome == AttendanceOutcome.Absent);
}

/// <summary>
/// The attendance ledger (台账) as CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX: a sheet of
/// meetings with counts and names, and a sheet with one row per person and meeting.
/// </summary>
internal sealed class AttendanceLedger(MeetingStore store, MeetingCards cards, IStringLocalizer<AttendanceStrings> text)
{
    public async Task<IReadOnlyList<LedgerMeeting>> LoadAsync(IReadOnlyList<Meeting> meetings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        var rows = await store.RostersAsync([.. meetings.Select(m => m.Id)], cancellationToken);
        var byMeeting = rows.ToLookup(r => r.MeetingId, r => r.Line);
        return [.. meetings.Select(m => new LedgerMeeting(m, [.. byMeeting[m.Id]]))];
    }

    /// <summary>One row per person and meeting, meeting columns repeated.</summary>
    public byte[] Csv(IReadOnlyList<LedgerMeeting> ledger, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        {
            // Escape: a name such as "=HYPERLINK(…)" must stay text when Excel opens the file.
            using var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
            csv.WriteRecord(DetailHeaders());
            foreach (var row in DetailRows(ledger, zone))
            {
                csv.WriteRecord([.. row.Select(cell => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "")]);
            }

            csv.Flush();
        }

        return buffer.ToArray();
    }

    /// <summary>Meetings, attendance per person and, given the <paramref name="records"/>, the meeting records (议题, 主持人, 记录人, 决议, 表决, 补课).</summary>
    public byte[] Xlsx(IReadOnlyList<LedgerMeeting> ledger, TimeZoneInfo zone, IReadOnlyList<RecordView>? records = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            AddSheet(workbook, sheets, 1, text["SheetMeetings"], SummaryHeaders(), SummaryRows(ledger, zone));
            AddSheet(workbook, sheets, 2, text["SheetPeople"], DetailHeaders(), DetailRows(ledger, zone));
            if (records is not null)
            {
                AddSheet(workbook, sheets, 3, text["SheetRecords"], RecordHeaders(), RecordRows(records));
            }

            workbook.Workbook.Save();
        }

        return buffer.ToArray();
    }

    private string[] SummaryHeaders() =>
    [
        text["ColNumber"], text["ColMeeting"], text["ColType"], text["ColStart"], text["ColEnd"], text["ColPlace"],
        text["ColExpected"], text["ColPresent"], text["ColLeave"], text["ColAbsent"], text["ColPresentNames"], text["ColLeaveNames"], text["ColAbsentNames"], text["ColClosed"],
    ];

    private IEnumerable<object[]> SummaryRows(IReadOnlyList<LedgerMeeting> ledger, TimeZoneInfo zone) => ledger.Select(l => new object[]
    {
        l.Meeting.Id, l.Meeting.Title, cards.TypeLabel(l.Meeting.Type), MeetingCards.Local(l.Meeting.StartsAt, zone), MeetingCards.Local(l.Meeting.EndsAt, zone), l.Meeting.Place,
        l.Expected, l.Present, l.OnLeave, l.Absent,
        Names(l.People.Where(p => p.CheckedInAt is not null || p.Outcome == AttendanceOutcome.Present), withReason: false),
        Names(l.People.Where(p => p.CheckedInAt is null && (p.Outcome == AttendanceOutcome.Leave || (p.Outcome == AttendanceOutcome.Pending && p.Response == AttendanceResponse.Leave))), withReason: true),
        Names(l.People.Where(p => p.Outcome == AttendanceOutcome.Absent), withReason: false),
        l.Meeting.ClosedAt is { } closed ? MeetingCards.Local(closed, zone) : "",
    });

    private string[] DetailHeaders() =>
    [
        text["ColNumber"], text["ColMeeting"], text["ColType"], text["ColStart"], text["ColEnd"], text["ColPlace"],
        text["ColExpected"], text["ColPresent"], text["ColLeave"], text["ColAbsent"],
        text["ColName"], text["ColStatus"], text["ColReason"], text["ColCheckedInAt"],
    ];

    private IEnumerable<object[]> DetailRows(IReadOnlyList<LedgerMeeting> ledger, TimeZoneInfo zone) => ledger.SelectMany(l => l.People.Select(p => new object[]
    {
        l.Meeting.Id, l.Meeting.Title, cards.TypeLabel(l.Meeting.Type), MeetingCards.Local(l.Meeting.StartsAt, zone), MeetingCards.Local(l.Meeting.EndsAt, zone), l.Meeting.Place,
        l.Expected, l.Present, l.OnLeave, l.Absent,
        p.Name, cards.ResponseLabel(p.Response, p.CheckedInAt, p.Outcome), p.LeaveReason ?? "", p.CheckedInAt is { } at ? MeetingCards.Local(at, zone) : "",
    }));

    private string[] RecordHeaders() =>
    [
        text["ColNumber"], text["ColMeeting"], text["RecordHost"], text["RecordRecorder"], text["RecordTopics"], text["RecordDecisions"], text["RecordVote"],
        text["RecordMakeUp"], text["ColMakeUpPending"],
    ];

    private IEnumerable<object[]> RecordRows(IReadOnlyList<RecordView> records) => records.Select(v => new object[]
    {
        v.Meeting.Id, v.Meeting.Title, v.NameOf(v.Record?.HostUserId) ?? "", v.NameOf(v.Record?.RecorderUserId) ?? "",
        v.Record?.Topics ?? "", v.Record?.Decisions ?? "",
        !v.Meeting.IsVoting ? "" : v.Quorum.Reached ? text["QuorumYes"].Value : text["QuorumNo"].Value,
        Names(v.MakeUps.Where(p => p.MakeUpDoneAt is not null), withReason: false),
        Names(v.MakeUps.Where(p => p.MakeUpDoneAt is null), withReason: false),
    });

    private string Names(IEnumerable<RosterLine> people, bool withReason) => string.Join(text["NameSeparator"], people.Select(p =>
        withReason && p.LeaveReason is { Length: > 0 } reason ? text["NameWithReason", p.Name, reason].Value : p.Name));

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, uint id, string name, string[] headers, IEnumerable<object[]> rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.AppendChild(Row(headers));
        foreach (var row in rows)
        {
            data.AppendChild(Row(row));
        }

        part.Worksheet = new Worksheet(data);
        part.Worksheet.Save();
        sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    private static Row Row(IEnumerable<object> cells)
    {
        var row = new Row();
        foreach (var cell in cells)
        {
            row.AppendChild(cell switch
            {
                int or long => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToString(cell, CultureInfo.InvariantCulture)!) },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "")) },
            });
        }

        return row;
    }
}
