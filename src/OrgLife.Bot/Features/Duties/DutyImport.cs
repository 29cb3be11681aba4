using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace OrgLife.Bot.Features.Duties;

/// <summary>One problem in an import: the 1-based row (header = 1), a resource key and the offending value.</summary>
internal sealed record ImportProblem(int Row, string Key, string Value);

/// <summary>How a name in an import resolves to a person known to the bot.</summary>
internal enum PersonMatchKind
{
    Found = 0,
    Unknown = 1,
    Ambiguous = 2,
}

internal sealed record PersonMatch(PersonMatchKind Kind, long UserId);

/// <summary>
/// Reads a responsibility list from CSV or XLSX (first sheet) into drafts. Columns by header, in Chinese or English:
/// 标题/title, 负责人/owner, 责任领导/leader, 截止/due, 重复/recurrence, 类别/category, 说明/detail. A date without a
/// time is due at 18:00 local. Every row is checked; any problem means nothing is imported.
/// </summary>
internal static class DutyImport
{
    public const string Header = "标题,负责人,责任领导,截止,重复,类别,说明\ntitle,owner,leader,due,recurrence,category,detail";
    private static readonly TimeSpan DefaultDueTime = TimeSpan.FromHours(18);

    private static readonly Dictionary<string, string> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["标题"] = "title", ["任务"] = "title", ["title"] = "title",
        ["负责人"] = "owner", ["owner"] = "owner",
        ["责任领导"] = "leader", ["领导"] = "leader", ["leader"] = "leader",
        ["截止"] = "due", ["截止时间"] = "due", ["截止日期"] = "due", ["due"] = "due",
        ["重复"] = "recurrence", ["周期"] = "recurrence", ["recurrence"] = "recurrence",
        ["类别"] = "category", ["category"] = "category",
        ["说明"] = "detail", ["要求"] = "detail", ["detail"] = "detail",
    };

    public static bool IsXlsx(ReadOnlySpan<byte> bytes) => bytes.Length > 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K';

    public static IReadOnlyList<string[]> ReadRows(byte[] bytes) => IsXlsx(bytes) ? ReadXlsx(bytes) : ReadCsv(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));

    public static IReadOnlyList<string[]> ReadCsv(string text) => CsvText.Read(text);

    public static IReadOnlyList<string[]> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("No workbook.");
        var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("No sheet.");
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var rows = new List<string[]>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new SortedDictionary<int, string>();
            var column = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                // References may be omitted: then a cell follows the previous one.
                column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : column + 1;
                var raw = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? "";
                cells[column] = cell.DataType?.Value == CellValues.SharedString && int.TryParse(raw, out var i) && i < shared.Count ? shared[i] : raw;
            }

            var width = cells.Count == 0 ? 0 : cells.Keys.Max() + 1;
            rows.Add([.. Enumerable.Range(0, width).Select(c => cells.GetValueOrDefault(c, ""))]);
        }

        return rows;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    /// <summary>Validates every row; drafts only when there is no problem at all.</summary>
    public static (IReadOnlyList<DutyDraft> Drafts, IReadOnlyList<ImportProblem> Problems) Parse(
        IReadOnlyList<string[]> rows, Func<string, PersonMatch> findPerson, TimeZoneInfo zone, DateTimeOffset now)
    {
        var problems = new List<ImportProblem>();
        var drafts = new List<DutyDraft>();
        var dataRows = rows.Select((cells, index) => (cells, row: index + 1)).Where(r => r.cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (dataRows.Count == 0)
        {
            return ([], [new ImportProblem(0, "ImportEmpty", "")]);
        }

        var header = dataRows[0].cells.Select(h => Columns.GetValueOrDefault(h.Trim(), "")).ToArray();
        foreach (var required in new[] { "title", "owner", "due" })
        {
            if (!header.Contains(required))
            {
                problems.Add(new ImportProblem(1, "ImportMissingColumn", required));
            }
        }

        if (problems.Count > 0)
        {
            return ([], problems);
        }

        if (dataRows.Count == 1)
        {
            return ([], [new ImportProblem(0, "ImportEmpty", "")]);
        }

        foreach (var (cells, row) in dataRows.Skip(1))
        {
            string Cell(string name) => Array.IndexOf(header, name) is var i and >= 0 && i < cells.Length ? cells[i].Trim() : "";
            var title = Cell("title");
            if (title.Length is 0 or > 200)
            {
                problems.Add(new ImportProblem(row, title.Length == 0 ? "ImportNoTitle" : "ImportTitleTooLong", title));
            }

            var owner = Resolve(Cell("owner"), required: true, row, findPerson, problems);
            var leader = Resolve(Cell("leader"), required: false, row, findPerson, problems);
            var dueText = Cell("due");
            var due = ParseDue(dueText, zone);
            if (due is null)
            {
                problems.Add(new ImportProblem(row, "ImportBadDate", dueText));
            }
            else if (due <= now)
            {
                // As on the form: a duty cannot start out overdue.
                problems.Add(new ImportProblem(row, "ImportDueInPast", dueText));
            }

            var recurrenceText = Cell("recurrence");
            var recurrence = ParseRecurrence(recurrenceText);
            if (recurrence is null)
            {
                problems.Add(new ImportProblem(row, "ImportBadRecurrence", recurrenceText));
            }

            if (due is { } d && d > now && owner is { } o && recurrence is { } r && title.Length is > 0 and <= 200)
            {
                var detail = Cell("detail");
                var category = Cell("category");
                drafts.Add(new DutyDraft(title, detail.Length > 2000 ? detail[..2000] : detail, category.Length > 100 ? category[..100] : category,
                    o, leader ?? 0, d, zone.Id, r));
            }
        }

        return problems.Count > 0 ? ([], problems) : (drafts, problems);
    }

    private static long? Resolve(string name, bool required, int row, Func<string, PersonMatch> findPerson, List<ImportProblem> problems)
    {
        if (name.Length == 0)
        {
            if (required)
            {
                problems.Add(new ImportProblem(row, "ImportNoOwner", ""));
            }

            return null;
        }

        var match = findPerson(name);
        switch (match.Kind)
        {
            case PersonMatchKind.Found:
                return match.UserId;
            case PersonMatchKind.Ambiguous:
                problems.Add(new ImportProblem(row, "ImportAmbiguousPerson", name));
                return null;
            default:
                problems.Add(new ImportProblem(row, "ImportUnknownPerson", name));
                return null;
        }
    }

    private static readonly string[] DueFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-M-d H:mm", "yyyy/M/d H:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss",
    ];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日"];

    /// <summary>A local deadline ("2026-12-15", "2026-12-15 17:00", or an Excel serial date) as an instant.</summary>
    public static DateTimeOffset? ParseDue(string text, TimeZoneInfo zone)
    {
        text = text.Trim();
        if (DateTime.TryParseExact(text, DueFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            return LocalTime.ToUtc(dateTime, zone);
        }

        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return LocalTime.ToUtc(date.Add(DefaultDueTime), zone);
        }

        // XLSX stores dates as serial numbers (days since 1899-12-30).
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 30000 and < 80000)
        {
            var local = DateTime.FromOADate(serial);
            return LocalTime.ToUtc(local.TimeOfDay == TimeSpan.Zero ? local.Add(DefaultDueTime) : local, zone);
        }

        return null;
    }

    public static RecurrenceKind? ParseRecurrence(string text) => text.Trim().ToLowerInvariant() switch
    {
        "" or "无" or "不重复" or "一次" or "none" or "once" => RecurrenceKind.None,
        "每周" or "weekly" => RecurrenceKind.Weekly,
        "每月" or "monthly" => RecurrenceKind.Monthly,
        "每季度" or "每季" or "quarterly" => RecurrenceKind.Quarterly,
        "每年" or "年度" or "yearly" or "annually" => RecurrenceKind.Yearly,
        _ => Enum.TryParse<RecurrenceKind>(text, true, out var kind) && Enum.IsDefined(kind) ? kind : null,
    };
}
