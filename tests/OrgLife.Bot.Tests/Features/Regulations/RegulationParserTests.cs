using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Tests.Features.Regulations;

public sealed class RegulationParserTests
{
    private const string Markdown = """
        # 《某协会章程》

        某协会第三次会员代表大会修订，2021年6月1日通过

        ## 总纲

        本会是自愿结成的非营利性组织。

        本会坚持民主办会。

        ## 第一编 组织

        ### 第一章 会员

        第一条 凡承认本章程的，可以申请入会。

        第二条 会员享有下列权利：
        （一）选举权和被选举权；
        （二）参加本会活动。

        第二条之一 会员可以退会。

        ### 第二章 理事会

        第123条 理事会每届任期五年。
        """;

    [Fact]
    public void ParseText_Markdown_ReadsTitleEditionAndYear()
    {
        var document = RegulationParser.ParseText("rules.md", Markdown);

        Assert.Equal("某协会章程", document.Title);
        Assert.Equal("某协会第三次会员代表大会修订，2021年6月1日通过", document.Edition);
        Assert.Equal(2021, document.EditionYear);
        Assert.Equal(64, document.ContentHash.Length);
    }

    [Fact]
    public void ParseText_PreambleHeading_MakesOnePseudoArticlePerParagraph()
    {
        var document = RegulationParser.ParseText("rules.md", Markdown);

        var preamble = document.Articles.Where(a => a.IsPreamble).ToList();
        Assert.Equal(2, preamble.Count);
        Assert.All(preamble, a => Assert.Equal("总纲", a.Label));
        Assert.Equal("《某协会章程》总纲", preamble[0].Citation);
        Assert.Equal("本会坚持民主办会。", preamble[1].Text);
    }

    [Fact]
    public void ParseText_Articles_NumbersLabelsAndHeadingPath()
    {
        var document = RegulationParser.ParseText("rules.md", Markdown);

        var first = document.Articles.Single(a => a.Label == "第一条");
        Assert.Equal(1, first.Number);
        Assert.Equal(["第一编 组织", "第一章 会员"], first.HeadingPath);
        Assert.Equal("凡承认本章程的，可以申请入会。", first.Text);

        var arabic = document.Articles.Single(a => a.Number == 123);
        Assert.Equal("第一百二十三条", arabic.Label);
        Assert.Equal(["第一编 组织", "第二章 理事会"], arabic.HeadingPath);

        var inserted = document.Articles.Single(a => a.Label == "第二条之一");
        Assert.Equal(2, inserted.Number);
    }

    [Fact]
    public void ParseText_NumberedItems_StayInsideTheirArticle()
    {
        var document = RegulationParser.ParseText("rules.md", Markdown);

        var second = document.Articles.Single(a => a.Label == "第二条");
        Assert.Equal("会员享有下列权利：\n（一）选举权和被选举权；\n（二）参加本会活动。", second.Text);
    }

    [Fact]
    public void ParseText_PlainText_InfersTitleAndChapterHeadings()
    {
        const string text = "某单位考勤办法\n印发日期：2019年3月\n第一章 总则\n第一条　为了规范考勤，制定本办法。\n第二章 请假\n第二条　请假应当提前申请。\n";

        var document = RegulationParser.Parse("attendance.txt", Encoding.UTF8.GetBytes(text));

        Assert.Equal("某单位考勤办法", document.Title);
        Assert.Equal(2019, document.EditionYear);
        Assert.Equal(["第二章 请假"], document.Articles[1].HeadingPath);
        Assert.Equal("请假应当提前申请。", document.Articles[1].Text);
    }

    [Fact]
    public void ParseText_CrossReferenceAtParagraphStart_IsNotANewArticle()
    {
        const string text = "# 办法\n\n第一条 甲。\n\n第一条规定的情形除外。\n";

        var document = RegulationParser.ParseText("x.md", text);

        Assert.Single(document.Articles);
        Assert.Contains("第一条规定的情形除外", document.Articles[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseText_SameContent_SameHash()
    {
        var a = RegulationParser.ParseText("a.md", Markdown);
        var b = RegulationParser.ParseText("b.md", Markdown.Replace("\n", "\r\n", StringComparison.Ordinal));
        var c = RegulationParser.ParseText("c.md", Markdown.Replace("五年", "三年", StringComparison.Ordinal));

        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.ContentHash, c.ContentHash);
    }

    [Fact]
    public void Parse_Docx_ReadsTitleHeadingsAndArticles()
    {
        var bytes = CreateDocx(
            ("Title", "示例考勤制度"),
            (null, "示例委员会印发，2024年1月1日起施行"),
            ("Heading1", "第一章 总则"),
            (null, "第一条 为严肃纪律，制定本制度。"),
            (null, "第二条 党员请假应当说明理由："),
            (null, "（一）因公出差；"),
            ("Heading1", "第二章 附则"),
            (null, "第三条 本制度自印发之日起施行。"));

        var document = RegulationParser.Parse("rules.docx", bytes);

        Assert.Equal("示例考勤制度", document.Title);
        Assert.Equal(2024, document.EditionYear);
        Assert.Equal(["第一条", "第二条", "第三条"], document.Articles.Select(a => a.Label));
        Assert.Equal("党员请假应当说明理由：\n（一）因公出差；", document.Articles[1].Text);
        Assert.Equal(["第二章 附则"], document.Articles[2].HeadingPath);
    }

    [Fact]
    public void Parse_FileNamedDocxThatIsNotWord_ThrowsNotAWordDocument()
    {
        var error = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("fake.docx", Encoding.UTF8.GetBytes("第一条 这不是 Word 文件")));

        Assert.Equal(RegulationFormatProblem.NotAWordDocument, error.Problem);
    }

    [Fact]
    public void Parse_ZipThatIsNotWord_ThrowsNotAWordDocument()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }

        var error = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("archive.docx", stream.ToArray()));

        Assert.Equal(RegulationFormatProblem.NotAWordDocument, error.Problem);
    }

    [Fact]
    public void Parse_TextWithoutArticles_ThrowsNoArticles()
    {
        var error = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("notes.md", Encoding.UTF8.GetBytes("# 会议纪要\n\n今天讨论了活动安排。\n")));

        Assert.Equal(RegulationFormatProblem.NoArticles, error.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n ")]
    public void Parse_EmptyFile_ThrowsEmptyFile(string content)
    {
        var error = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("empty.md", Encoding.UTF8.GetBytes(content)));

        Assert.Equal(RegulationFormatProblem.EmptyFile, error.Problem);
    }

    [Fact]
    public void Parse_UnknownExtension_ThrowsUnsupportedFileType()
    {
        var error = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("rules.pages", [1, 2, 3]));

        Assert.Equal(RegulationFormatProblem.UnsupportedFileType, error.Problem);
    }

    [Fact]
    public void Parse_Gb18030Text_IsDecoded()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("某办法\n第一条 党员应当按月交纳党费。\n");

        var document = RegulationParser.Parse("gbk.txt", bytes);

        Assert.Equal("党员应当按月交纳党费。", document.Articles[0].Text);
    }

    [Fact]
    public void LoadBranchRules_EmbeddedSample_ParsesIntoChaptersAndArticles()
    {
        var document = SampleRegulations.LoadBranchRules();

        Assert.Equal("示例党支部组织生活实施细则", document.Title);
        Assert.Equal(2025, document.EditionYear);
        Assert.InRange(document.Articles.Count, 15, 25);
        Assert.All(document.Articles, a => Assert.NotEmpty(a.HeadingPath));
    }

    private static byte[] CreateDocx(params (string? Style, string Text)[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(p =>
            {
                var paragraph = new Paragraph(new Run(new Text(p.Text) { Space = SpaceProcessingModeValues.Preserve }));
                if (p.Style is not null)
                {
                    paragraph.ParagraphProperties = new ParagraphProperties(new ParagraphStyleId { Val = p.Style });
                }

                return paragraph;
            })));
            main.Document.Save();
        }

        return stream.ToArray();
    }
}
