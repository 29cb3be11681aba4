using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>
/// Turns Markdown, plain text, DOCX or PDF into a <see cref="RegulationDocument"/>. All go through one line-based
/// reader because the official layout is the same: a title, an issuer/date line, 编/章/节 headings and
/// paragraphs that start with 第X条.
/// </summary>
internal static partial class RegulationParser
{
    private const string PreambleGeneral = "总纲";
    private const string PreambleIntro = "序言";

    /// <summary>Parses an uploaded or stored file; the extension of <paramref name="fileName"/> picks the format.</summary>
    /// <exception cref="RegulationFormatException">Empty file, not a real DOCX or PDF, a scanned PDF, no articles, or unknown extension.</exception>
    public static RegulationDocument Parse(string fileName, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (content.IsEmpty)
        {
            throw new RegulationFormatException(RegulationFormatProblem.EmptyFile, fileName, "the file is empty.");
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".md" or ".markdown" or ".txt" or "" => ParseText(fileName, DecodeText(content)),
            ".docx" => ParseText(fileName, ReadWordText(fileName, content.ToArray())),
            ".pdf" => ParseText(fileName, PdfText.Read(fileName, content.ToArray())),
            _ => throw new RegulationFormatException(RegulationFormatProblem.UnsupportedFileType, fileName, $"'{extension}' files are not supported; upload .md, .txt, .docx or .pdf."),
        };
    }

    /// <summary>Parses Markdown or plain text already in memory.</summary>
    public static RegulationDocument ParseText(string sourceName, string text)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(text);
        var lines = SplitLines(text);
        if (lines.Count == 0)
        {
            throw new RegulationFormatException(RegulationFormatProblem.EmptyFile, sourceName, "the file has no text.");
        }

        var reader = new DocumentReader(sourceName);
        foreach (var line in lines)
        {
            reader.Read(line);
        }

        return reader.Finish(ContentHash(string.Join('\n', lines)));
    }

    private static string DecodeText(ReadOnlySpan<byte> content)
    {
        // Strict UTF-8 first; GB18030 files from Windows users are common in Chinese offices.
        try
        {
            return new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(content);
        }
    }

    private static string ReadWordText(string fileName, byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new RegulationFormatException(RegulationFormatProblem.NotAWordDocument, fileName, "the Word file has no document body.");
            var builder = new StringBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                var text = string.Concat(paragraph.Descendants<Text>().Select(t => t.Text)).Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                // Word headings become Markdown headings so one reader handles both; Title is level 1, so Heading1 is ##.
                var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? string.Empty;
                var prefix = style switch
                {
                    _ when style.Equals("Title", StringComparison.OrdinalIgnoreCase) => "# ",
                    _ when style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) && style.Length > 7 && char.IsDigit(style[7]) => new string('#', Math.Min(style[7] - '0' + 1, 6)) + " ",
                    _ => string.Empty,
                };
                builder.Append(prefix).Append(text).Append('\n').Append('\n');
            }

            return builder.ToString();
        }
        catch (Exception exception) when (exception is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException)
        {
            throw new RegulationFormatException(RegulationFormatProblem.NotAWordDocument, fileName, "the file is not a valid Word (.docx) document.", exception);
        }
    }

    private static List<string> SplitLines(string text)
    {
        // Front matter (--- … ---) and HTML comments are markup, but INFO END marks where a law's history ends.
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimStart('\uFEFF');
        if (text.StartsWith("---\n", StringComparison.Ordinal))
        {
            var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
            if (end > 0)
            {
                text = text[(end + 4)..];
            }
        }

        text = text.Replace("<!-- INFO END -->", "\n" + InfoEndMarker + "\n", StringComparison.Ordinal);
        text = HtmlComment().Replace(text, string.Empty);
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().Trim('\u3000').Trim();
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private const string InfoEndMarker = "\u0001INFO-END";

    private static string ContentHash(string normalisedText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalisedText)));

    /// <summary>Latest 4-digit year followed by 年 in an edition line, e.g. 2022 in …2022年10月22日通过.</summary>
    internal static int? EditionYear(string? edition)
    {
        if (edition is null)
        {
            return null;
        }

        int? latest = null;
        foreach (Match match in YearPattern().Matches(edition))
        {
            var year = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            latest = latest is null || year > latest ? year : latest;
        }

        return latest;
    }

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"((?:19|20)\d\d)\s*年")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^第([零一二三四五六七八九十百千〇两\d]+)条(之[一二三四五六七八九十]+)?(?<gap>[\s\u3000]*)")]
    private static partial Regex ArticleStart();

    [GeneratedRegex(@"^第[零一二三四五六七八九十百千〇两\d]+([编章节])(?:[\s\u3000]|$)")]
    private static partial Regex StructuralHeading();

    [GeneratedRegex(@"(通过|施行|印发|发布|公布|修正|修订|批准|颁布)")]
    private static partial Regex EditionWords();

    /// <summary>State machine over the lines of one document.</summary>
    private sealed class DocumentReader(string sourceName)
    {
        private readonly List<RegulationArticle> _articles = [];
        private readonly List<(int Level, string Text)> _headings = [];
        private readonly List<string> _editionLines = [];
        private string? _title;
        private string? _part;
        private bool _headerClosed;
        private bool _hasNumberedArticle;
        private bool _hasPreambleHeading;
        private string? _preambleLabel;
        private int? _number;
        private string? _label;
        private readonly List<string> _body = [];

        public void Read(string line)
        {
            if (line == InfoEndMarker)
            {
                _headerClosed = true;
                return;
            }

            if (line.StartsWith('#'))
            {
                var level = 0;
                while (level < line.Length && line[level] == '#')
                {
                    level++;
                }

                ReadHeading(level, line[level..].Trim());
                return;
            }

            if (_title is null)
            {
                // Plain text and DOCX without a Title style: the first line is the title.
                _title = StripBookMarks(line);
                return;
            }

            var structural = StructuralHeading().Match(line);
            if (structural.Success && line.Length <= 40)
            {
                ReadHeading(structural.Groups[1].Value switch { "编" => 2, "章" => 3, _ => 4 }, line, inferred: true);
                return;
            }

            if (line is PreambleGeneral or PreambleIntro or "前言")
            {
                ReadHeading(2, line);
                return;
            }

            var article = ArticleStart().Match(line);
            if (article.Success && IsArticleStart(line, article))
            {
                FlushArticle();
                _preambleLabel = null;
                _headerClosed = true;
                var number = ChineseNumerals.Parse(article.Groups[1].ValueSpan);
                _number = number;
                _hasNumberedArticle = true;
                _label = number is null ? article.Value.Trim() : ChineseNumerals.ArticleLabel(number.Value) + article.Groups[2].Value;
                _body.Add(line[article.Length..]);
                return;
            }

            if (!_headerClosed && _articles.Count == 0 && _label is null && _preambleLabel is null && LooksLikeEditionLine(line))
            {
                _editionLines.Add(line);
                return;
            }

            _headerClosed = true;
            if (_preambleLabel is not null)
            {
                // Each 总纲 paragraph is its own citable unit: it keeps answers short and ranking sharp.
                _articles.Add(CreateArticle(null, _preambleLabel, line));
                return;
            }

            if (_label is not null)
            {
                _body.Add(line);
            }
            else if (_articles.Count == 0 && _headings.Count == 0)
            {
                // Untitled introduction before the first article.
                _articles.Add(CreateArticle(null, PreambleIntro, line));
            }
        }

        public RegulationDocument Finish(string contentHash)
        {
            FlushArticle();
            if (_title is null)
            {
                throw new RegulationFormatException(RegulationFormatProblem.EmptyFile, sourceName, "the file has no title or text.");
            }

            // An untitled introduction alone does not make a regulation (meeting notes, a README).
            if (_articles.Count == 0 || (!_hasNumberedArticle && !_hasPreambleHeading))
            {
                throw new RegulationFormatException(RegulationFormatProblem.NoArticles, sourceName, "no articles (第X条) or 总纲/序言 were found.");
            }

            var edition = _editionLines.Count == 0 ? null : _editionLines[^1];
            var year = _editionLines.Select(EditionYear).Max();
            return new RegulationDocument(_title, _part, edition, year, sourceName, contentHash, _articles.ToArray());
        }

        private void ReadHeading(int level, string text, bool inferred = false)
        {
            text = StripBookMarks(text);
            if (level == 1 && !inferred)
            {
                if (_title is null)
                {
                    _title = text;
                }
                else if (_part is null && _articles.Count == 0 && _label is null)
                {
                    _part = text;
                }

                return;
            }

            FlushArticle();
            _headerClosed = true;
            _preambleLabel = text is PreambleGeneral or PreambleIntro or "前言" ? (text == PreambleGeneral ? PreambleGeneral : PreambleIntro) : null;
            _hasPreambleHeading |= _preambleLabel is not null;

            // Markdown levels and 编/章/节 ranks both order headings; drop the ones this heading closes.
            while (_headings.Count > 0 && _headings[^1].Level >= level)
            {
                _headings.RemoveAt(_headings.Count - 1);
            }

            if (_preambleLabel is null)
            {
                _headings.Add((level, text));
            }
        }

        private void FlushArticle()
        {
            if (_label is null)
            {
                return;
            }

            _articles.Add(CreateArticle(_number, _label, string.Join('\n', _body)));
            _body.Clear();
            _label = null;
            _number = null;
        }

        private RegulationArticle CreateArticle(int? number, string label, string text)
        {
            var headingPath = _headings.Count == 0 ? [] : _headings.Select(h => h.Text).ToArray();
            var edition = _editionLines.Count == 0 ? null : _editionLines[^1];
            return new RegulationArticle(_title ?? sourceName, edition, headingPath, number, label, text, ContentHash(label + "\n" + text));
        }

        private static bool IsArticleStart(string line, Match match)
        {
            if (match.Groups["gap"].Length > 0 || match.Length == line.Length)
            {
                return true;
            }

            // "第三十六条规定的…" opening a paragraph is a cross-reference, not a new article.
            return !"的规、，,至和或及中所第".Contains(line[match.Length], StringComparison.Ordinal);
        }

        private static bool LooksLikeEditionLine(string line) =>
            line.Length <= 200 && (YearPattern().IsMatch(line) || EditionWords().IsMatch(line));

        private static string StripBookMarks(string text) => text.Trim().Trim('《', '》').Trim();
    }
}
