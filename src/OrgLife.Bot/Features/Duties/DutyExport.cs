using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace OrgLife.Bot.Features.Duties;

/// <summary>The responsibility list as CSV (UTF-8 with BOM, so Excel opens Chinese text correctly) or XLSX, in the import's column order plus status.</summary>
internal static class DutyExport
{
    public static IReadOnlyList<string> Columns { get; } = ["id", "title", "owner", "leader", "due", "recurrence", "category", "detail", "status", "completed", "evidence"];

    public static IEnumerable<string[]> Rows(IEnumerable<DutyView> views) => views.Select(v => new[]
    {
        v.Duty.Id.ToString(CultureInfo.InvariantCulture),
        v.Duty.Title,
        v.OwnerName,
        v.LeaderName,
        DutyCards.Format(v.DueLocal),
        v.Duty.Recurrence.ToString(),
        v.Duty.Category,
        v.Duty.Detail,
        v.Duty.Status.ToString(),
        v.Duty.CompletedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
        v.Duty.Evidence ?? "",
    });

    public static byte[] Csv(IEnumerable<DutyView> views) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(CsvText.Write(Rows(views).Prepend([.. Columns])))];

    public static byte[] Xlsx(IEnumerable<DutyView> views)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(Columns));
            foreach (var row in Rows(views))
            {
                data.Append(Row(row));
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "duties" }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row Row(IEnumerable<string> cells)
    {
        var row = new Row();
        foreach (var cell in cells)
        {
            row.Append(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(cell)) });
        }

        return row;
    }
}
