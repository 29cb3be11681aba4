using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Exceptions;

namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>
/// The text of a PDF as the regulation parser reads text files: one paragraph per line, in reading order.
/// A PDF only places glyphs on pages, so lines are rebuilt from their positions (PdfPig's Docstrum blocks and
/// reading-order detector), lines wrapped by the layout are joined again, and page numbers and running
/// headers are dropped so an article that crosses a page stays one paragraph.
/// </summary>
internal static partial class PdfText
{
    /// <summary>Fewer readable characters than this on a page with an image: the page is a picture (a scan).</summary>
    private const int MinimumTextPerPage = 10;

    /// <summary>Header and footer band, as a share of the page height, where page numbers and running titles live.</summary>
    private const double MarginBand = 0.08;

    /// <exception cref="RegulationFormatException">Not a PDF, password-protected, or no extractable text (a scan).</exception>
    public static string Read(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!LooksLikePdf(content))
        {
            throw new RegulationFormatException(RegulationFormatProblem.NotAPdf, fileName, "the file is not a PDF document.");
        }

        try
        {
            using var document = PdfDocument.Open(content);
            var pages = new List<PageLines>(document.NumberOfPages);
            int imageOnlyPages = 0, textPages = 0;
            foreach (var page in document.GetPages())
            {
                var readable = page.Letters.Count(l => IsReadable(l.Value));
                if (readable >= MinimumTextPerPage)
                {
                    textPages++;
                }
                else if (page.GetImages().Any())
                {
                    imageOnlyPages++;
                }

                pages.Add(new PageLines(page.Height, Lines(page)));
            }

            // A scan has pictures of text and at most a stamp or page number as text; an OCR'd scan has a text layer and reads fine.
            if (textPages == 0 || imageOnlyPages > textPages)
            {
                throw new RegulationFormatException(RegulationFormatProblem.ScannedPdf, fileName,
                    "the PDF has no extractable text (a scan or images of pages); run text recognition (OCR) on it or use the text version.");
            }

            return Paragraphs(WithoutPageFurniture(pages));
        }
        catch (PdfDocumentEncryptedException exception)
        {
            throw new RegulationFormatException(RegulationFormatProblem.ProtectedPdf, fileName, "the PDF is password-protected.", exception);
        }
        catch (Exception exception) when (exception is not (RegulationFormatException or OutOfMemoryException or OperationCanceledException))
        {
            // PdfPig reports damaged files with a spread of exception types (format, cast, index, key…); all mean
            // the same to the person uploading, and nothing they send may fail the turn.
            throw new RegulationFormatException(RegulationFormatProblem.NotAPdf, fileName, "the PDF is damaged or not a PDF document.", exception);
        }
    }

    /// <summary>Files start with %PDF- (within the first KB, as readers tolerate leading junk).</summary>
    private static bool LooksLikePdf(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0;

    /// <summary>Glyphs that map to real characters; fonts without a Unicode map give controls or private-use code points.</summary>
    private static bool IsReadable(string value) =>
        value.Length > 0 && !string.IsNullOrWhiteSpace(value) && value.All(c => !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate) && c != '\uFFFD');

    private static List<PdfLine> Lines(Page page)
    {
        var words = NearestNeighbourWordExtractor.Instance.GetWords(page.Letters).Where(w => w.Letters.Any(l => IsReadable(l.Value))).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var blocks = UnsupervisedReadingOrderDetector.Instance.Get(DocstrumBoundingBoxes.Instance.GetBlocks(words));
        var lines = new List<PdfLine>();
        foreach (var block in blocks.OrderBy(b => b.ReadingOrder))
        {
            foreach (var line in block.TextLines)
            {
                var text = LineText(line);
                if (text.Length > 0)
                {
                    lines.Add(new PdfLine(text, line.BoundingBox, EmSize(line)));
                }
            }
        }

        return lines;
    }

    /// <summary>
    /// The words of a line, with a space where the layout leaves one: always between Latin words, between
    /// Chinese ones only for a wide gap (第一条　为了…) since Chinese is set without spaces and layout engines
    /// add a little room around digits (2023 年) that is not a space in the text.
    /// </summary>
    private static string LineText(TextLine line)
    {
        var builder = new StringBuilder();
        Word? previous = null;
        foreach (var word in line.Words)
        {
            var text = string.Concat(word.Letters.Where(l => IsReadable(l.Value)).Select(l => l.Value));
            if (text.Length == 0)
            {
                continue;
            }

            if (previous is not null && builder.Length > 0)
            {
                var gap = word.BoundingBox.Left - previous.BoundingBox.Right;
                var wide = gap >= 0.5 * Math.Max(EmSize(previous), 1);
                if (wide || !(IsCjk(builder[^1]) || IsCjk(text[0])))
                {
                    builder.Append(' ');
                }
            }

            builder.Append(text);
            previous = word;
        }

        return builder.ToString().Trim();
    }

    private static double EmSize(Word word) => word.Letters.Count == 0 ? word.BoundingBox.Height : word.Letters.Max(l => Math.Max(l.PointSize, l.BoundingBox.Height));

    private static double EmSize(TextLine line) => line.Words.Count == 0 ? line.BoundingBox.Height : line.Words.Max(EmSize);

    /// <summary>Drops page numbers, and headers or footers that repeat on most pages, from the top and bottom bands.</summary>
    private static List<PdfLine> WithoutPageFurniture(List<PageLines> pages)
    {
        bool InBand(PageLines page, PdfLine line) =>
            line.Box.Bottom < page.Height * MarginBand || line.Box.Top > page.Height * (1 - MarginBand);

        var repeated = pages.Count < 2
            ? []
            : pages.SelectMany(p => p.Lines.Where(l => InBand(p, l)).Select(l => Digitless(l.Text)).Distinct())
                .GroupBy(t => t).Where(g => g.Count() * 2 > pages.Count).Select(g => g.Key).ToHashSet();
        return [.. pages.SelectMany(p => p.Lines.Where(l => !(InBand(p, l) && (PageNumber().IsMatch(l.Text) || repeated.Contains(Digitless(l.Text))))))];
    }

    private static string Digitless(string text) => Digits().Replace(text, "#");

    /// <summary>
    /// Joins the lines the layout wrapped. A line starts a paragraph when it is indented or centred, when the
    /// line before it stopped short of the margin, or when it opens an article or a chapter.
    /// </summary>
    private static string Paragraphs(List<PdfLine> lines)
    {
        if (lines.Count == 0)
        {
            return string.Empty;
        }

        // Margins of the running text: the left edge most lines share, and the right edge full lines reach.
        var left = lines.GroupBy(l => Math.Round(l.Box.Left / 4)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Min(l => l.Box.Left);
        var right = lines.Max(l => l.Box.Right);
        var builder = new StringBuilder();
        PdfLine? previous = null;
        foreach (var line in lines)
        {
            var em = Math.Max(line.Em, 1);
            var startsParagraph = previous is null
                || line.Box.Left > left + 0.8 * em
                || previous.Box.Right < right - 1.5 * Math.Max(previous.Em, 1)
                || StructureStart().IsMatch(line.Text);
            if (previous is not null)
            {
                if (startsParagraph)
                {
                    builder.Append('\n');
                }
                else if (!IsCjk(builder[^1]) && !IsCjk(line.Text[0]) && builder[^1] != '-')
                {
                    builder.Append(' ');
                }
            }

            builder.Append(line.Text);
            previous = line;
        }

        return builder.Append('\n').ToString();
    }

    /// <summary>Han characters and the full-width punctuation set with them, which take no spaces.</summary>
    private static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u3000' and <= '\u303F';

    private sealed record PdfLine(string Text, PdfRectangle Box, double Em);

    private sealed record PageLines(double Height, List<PdfLine> Lines);

    /// <summary>"3", "- 3 -", "— 3 —", "第 3 页", "3 / 12", "Page 3 of 12".</summary>
    [GeneratedRegex(@"^[-—–\s]*(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|(page\s*)?\d+(\s*(/|of)\s*\d+)?|[ivxlc]+)[-—–\s]*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    /// <summary>第X条 followed by a space, or a 编/章/节 heading: always the start of a paragraph.</summary>
    [GeneratedRegex(@"^第[零一二三四五六七八九十百千〇两\d]+(条\s|[编章节](\s|$))")]
    private static partial Regex StructureStart();
}
