using System.Globalization;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Localization;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// A meeting's 会议记录 as Word (.docx) in the layout of a branch's record book: a title, a two-column table
/// (会议名称, 类型, 时间, 地点, 主持人, 记录人, 应到, 实到, 出席, 请假, 缺席, 议题, 记录, 决议, 表决, 补课), and lines for
/// the chair's and recorder's signatures. Fonts name an East Asian face so Chinese prints as expected.
/// </summary>
internal sealed class MinutesDocument(RecordCards recordCards, MeetingCards cards, IStringLocalizer<AttendanceStrings> text)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>One meeting's record.</summary>
    public byte[] Write(RecordView view, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Document(
        [
            Paragraph(text["RecordDocumentTitle"], bold: true, size: "36", centered: true),
            Paragraph(view.Meeting.Title, bold: false, size: "28", centered: true),
            Table(Rows(view, zone)),
            Paragraph("", bold: false),
            Paragraph(text["RecordSignatures"], bold: false),
        ]);
    }

    /// <summary>
    /// A period's 台账: an overview table of every meeting (date, type, title, chair, 应到/实到/请假/缺席, 补课) followed by
    /// each meeting's record, one after another.
    /// </summary>
    public byte[] WriteLedger(string heading, IReadOnlyList<RecordView> views, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(views);
        var parts = new List<OpenXmlElement>
        {
            Paragraph(heading, bold: true, size: "36", centered: true),
            Overview(views, zone),
        };
        foreach (var (view, index) in views.Select((v, i) => (v, i + 1)))
        {
            parts.Add(Paragraph("", bold: false));
            parts.Add(Paragraph(string.Create(CultureInfo.InvariantCulture, $"{index}. {cards.TypeLabel(view.Meeting.Type)}：{view.Meeting.Title}"), bold: true, size: "28"));
            parts.Add(Table(Rows(view, zone)));
        }

        return Document(parts);
    }

    private Table Overview(IReadOnlyList<RecordView> views, TimeZoneInfo zone)
    {
        string[] headers = [text["ColNumber"], text["ColStart"], text["ColType"], text["ColMeeting"], text["RecordHost"], text["ColExpected"], text["ColPresent"], text["ColLeave"], text["ColAbsent"], text["RecordMakeUp"]];
        var rows = views.Select((v, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), MeetingCards.Local(v.Meeting.StartsAt, zone)[..10], cards.TypeLabel(v.Meeting.Type), v.Meeting.Title,
            v.NameOf(v.Record?.HostUserId) ?? "", Count(v.People.Count), Count(v.Present.Count), Count(v.OnLeave.Count), Count(v.Absent.Count),
            v.MakeUps.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{v.MakeUps.Count(p => p.MakeUpDoneAt is not null)}/{v.MakeUps.Count}"),
        });
        return Grid(headers, rows);
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private List<(string Label, IReadOnlyList<string> Lines)> Rows(RecordView view, TimeZoneInfo zone)
    {
        var m = view.Meeting;
        var r = view.Record;
        var none = text["RecordNone"].Value;
        var facts = recordCards.Facts(view);
        var rows = new List<(string Label, IReadOnlyList<string> Lines)>
        {
            (text["ColMeeting"], [m.Title]),
            (text["ColType"], [cards.TypeLabel(m.Type)]),
            (text["FactTime"], [MeetingCards.Span(m, zone)]),
            (text["ColPlace"], [m.Place.Length > 0 ? m.Place : none]),
            (text["RecordHost"], [view.NameOf(r?.HostUserId) ?? ""]),
            (text["RecordRecorder"], [view.NameOf(r?.RecorderUserId) ?? ""]),
        };
        rows.AddRange(facts.Take(2).Select(f => (f.Title, (IReadOnlyList<string>)[f.Value])));
        rows.Add((text["ColPresentNames"], [view.Present.Count == 0 ? none : string.Join(text["NameSeparator"], view.Present.Select(p => p.Name))]));
        rows.AddRange(facts.Skip(2).Select(f => (f.Title, (IReadOnlyList<string>)[f.Value])));
        rows.Add((text["RecordTopics"], r is null ? [] : r.TopicList.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {t}")).ToList()));
        rows.Add((text["RecordMinutes"], Lines(r?.Minutes)));
        rows.Add((text["RecordDecisions"], Lines(r?.Decisions)));
        if (recordCards.QuorumLine(view) is { } quorum)
        {
            rows.Add((text["RecordVote"], [quorum.Text]));
        }

        if (recordCards.MakeUpLine(view) is { } makeUp)
        {
            rows.Add((text["RecordMakeUp"], [makeUp.Text]));
        }

        rows.Add((text["AttachmentsHeading"], recordCards.AttachmentLines(view)));

        return rows;
    }

    private static byte[] Document(IEnumerable<OpenXmlElement> content)
    {
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = "SimSun", ComplexScript = "Times New Roman" },
                    new FontSize { Val = "24" },
                    new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault()));
            var body = new Body(content);
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1440, Right = 1440U, Bottom = 1440, Left = 1440U, Header = 720U, Footer = 720U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return buffer.ToArray();
    }

    /// <summary>A table with a bold header row and one row per item, columns sharing the page width.</summary>
    private static Table Grid(string[] headers, IEnumerable<string[]> rows)
    {
        var width = 9000 / headers.Length;
        var table = new Table(TableProperties(), new TableGrid(headers.Select(_ => new GridColumn { Width = width.ToString(CultureInfo.InvariantCulture) })));
        table.Append(new TableRow(headers.Select(h => new TableCell(Paragraph(h, bold: true)))));
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(cell => new TableCell(Paragraph(cell, bold: false)))));
        }

        return table;
    }

    private static TableProperties TableProperties()
    {
        static BorderType Edge<T>() where T : BorderType, new() => new T { Val = BorderValues.Single, Size = 4U, Color = "000000" };
        return new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(Edge<TopBorder>(), Edge<LeftBorder>(), Edge<BottomBorder>(), Edge<RightBorder>(), Edge<InsideHorizontalBorder>(), Edge<InsideVerticalBorder>()));
    }

    private static List<string> Lines(string? value) =>
        value is { Length: > 0 } ? [.. value.Replace("\r", "", StringComparison.Ordinal).Split('\n')] : [];

    private static Table Table(IEnumerable<(string Label, IReadOnlyList<string> Lines)> rows)
    {
        var table = new Table(
            TableProperties(),
            new TableGrid(new GridColumn { Width = "1900" }, new GridColumn { Width = "7100" }));
        foreach (var (label, lines) in rows)
        {
            var value = new TableCell(new TableCellProperties(new TableCellWidth { Width = "7100", Type = TableWidthUnitValues.Dxa }));
            value.Append(lines.Count == 0 ? [Paragraph("", bold: false)] : lines.Select(l => Paragraph(l, bold: false)));
            table.Append(new TableRow(
                new TableCell(new TableCellProperties(new TableCellWidth { Width = "1900", Type = TableWidthUnitValues.Dxa }), Paragraph(label, bold: true)),
                value));
        }

        return table;
    }

    private static Paragraph Paragraph(string content, bool bold, string? size = null, bool centered = false)
    {
        var runProperties = new RunProperties();
        if (bold)
        {
            runProperties.Append(new Bold());
        }

        if (size is not null)
        {
            runProperties.Append(new FontSize { Val = size });
        }

        var paragraph = new Paragraph();
        if (centered)
        {
            paragraph.Append(new ParagraphProperties(new Justification { Val = JustificationValues.Center }));
        }

        paragraph.Append(new Run(runProperties, new Text(XmlSafe(content)) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    /// <summary>Characters XML cannot carry (control characters typed or pasted into a card) would make the file unreadable: they are dropped.</summary>
    private static string XmlSafe(string value)
    {
        var safe = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                safe.Append(value, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(value[i]))
            {
                safe.Append(value[i]);
            }
        }

        return safe.ToString();
    }
}
