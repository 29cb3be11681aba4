using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Tests.Hosting;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static OrgLife.Bot.Tests.Features.Regulations.RegulationsTestKit;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>PDF regulations: real files (see Fixtures/README.md), by the parser, by chat upload and by <c>kb import</c>.</summary>
public sealed class PdfImportTests
{
    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Features", "Regulations", "Fixtures", name);

    private static byte[] Fixture(string name) => File.ReadAllBytes(FixturePath(name));

    [Fact]
    public void TextPdf_ReadsTitleEditionHeadingsAndEveryArticle_InReadingOrder()
    {
        var document = RegulationParser.Parse("study-rules.pdf", Fixture("study-rules.pdf"));

        Assert.Equal("示例党支部学习制度", document.Title);
        Assert.Equal(2023, document.EditionYear);
        Assert.Contains("2023年3月1日支部委员会通过", document.Edition, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 11).Select(n => (int?)n), document.Articles.Select(a => a.Number));
        var third = document.Articles[2];
        Assert.Equal("第二章 学习安排", Assert.Single(third.HeadingPath));
        Assert.Equal("支部每月组织一次集中学习，时间一般安排在每月第二周的星期四下午，每次不少于两小时。因故不能参加的党员，应当事先向支部书记请假，并在一周内自行补学。", third.Text);
    }

    [Fact]
    public void ArticleCrossingAPage_StaysOneParagraph_WithoutThePageNumbers()
    {
        var document = RegulationParser.Parse("study-rules.pdf", Fixture("study-rules.pdf"));

        var sixth = document.Articles[5];
        Assert.Equal("第六条", sixth.Label);
        Assert.Equal("这是用于填充版面的第六条内容，说明支部在学习记录、心得体会、学习检查等方面的具体要求，每名党员每年撰写学习心得不少于四篇，由支部委员会在年底统一检查并记入学习档案，检查结果作为民主评议党员的参考。", sixth.Text);
        Assert.All(document.Articles, a => Assert.DoesNotContain("—", a.Text, StringComparison.Ordinal));
        Assert.Equal("本制度由支部委员会负责解释，自通过之日起施行。", document.Articles[^1].Text);
    }

    [Fact]
    public void ScannedPdf_IsRejectedAsAScan()
    {
        var problem = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("scan.pdf", Fixture("scanned-rules.pdf"))).Problem;

        Assert.Equal(RegulationFormatProblem.ScannedPdf, problem);
    }

    [Fact]
    public void PasswordProtectedPdf_IsRejectedAsProtected()
    {
        var problem = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("locked.pdf", Fixture("protected-rules.pdf"))).Problem;

        Assert.Equal(RegulationFormatProblem.ProtectedPdf, problem);
    }

    [Fact]
    public void TextPdfWithoutArticles_IsRejectedForHavingNoArticles()
    {
        var problem = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("minutes.pdf", MinutesPdf())).Problem;

        Assert.Equal(RegulationFormatProblem.NoArticles, problem);
    }

    [Theory]
    [InlineData("plain text named .pdf")]
    [InlineData("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ntruncated")]
    public void DamagedOrFakePdf_IsRejectedAsNotAPdf(string content)
    {
        var problem = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("broken.pdf", Encoding.ASCII.GetBytes(content))).Problem;

        Assert.Equal(RegulationFormatProblem.NotAPdf, problem);
    }

    [Fact]
    public void TruncatedDownload_IsRejected_NotThrownAtTheTurn()
    {
        var bytes = Fixture("study-rules.pdf");

        var problem = Assert.Throws<RegulationFormatException>(() => RegulationParser.Parse("half.pdf", bytes.AsSpan(0, bytes.Length / 3))).Problem;

        Assert.Contains(problem, new[] { RegulationFormatProblem.NotAPdf, RegulationFormatProblem.NoArticles, RegulationFormatProblem.ScannedPdf });
    }

    [Fact]
    public async Task ChatUpload_ImportsTheTextPdf_AnswersFromIt_AndExplainsEachRejectedPdf()
    {
        await using var files = await LocalHttpServer.StartAsync(Serve(new()
        {
            ["学习制度.pdf"] = Fixture("study-rules.pdf"),
            ["扫描件.pdf"] = Fixture("scanned-rules.pdf"),
            ["minutes.pdf"] = MinutesPdf(),
            ["locked.pdf"] = Fixture("protected-rules.pdf"),
        }));
        await using var app = await BotApplication.StartAsync();
        var alex = TestConversation.Personal(TestUser.Alex);
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, alex, "add"));
        await app.Connector.WaitForActivitiesAsync(1);

        await app.SendAsync(Upload(app, TestUser.Alex, alex, files, "zh-CN", "学习制度.pdf", "扫描件.pdf", "minutes.pdf", "locked.pdf"));

        var report = (await app.Connector.WaitForActivitiesAsync(2))[1].Activity.Text!;
        Assert.Contains("已导入《示例党支部学习制度》：11 条", report, StringComparison.Ordinal);
        Assert.Contains("“扫描件.pdf”是扫描件或图片 PDF，没有可以读取的文字", report, StringComparison.Ordinal);
        Assert.Contains("“minutes.pdf”中没有找到“第X条”", report, StringComparison.Ordinal);
        Assert.Contains("“locked.pdf”设置了打开密码", report, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithStoreAsync(db => db.Set<StoredRegulation>().CountAsync(d => d.SourceName.EndsWith(".pdf"))));

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, alex, "集中学习因故不能参加怎么办？"));
        var answer = Text(Card((await app.Connector.WaitForActivitiesAsync(3))[2]));
        Assert.Contains("《示例党支部学习制度》第三条", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatUpload_InEnglish_ExplainsTheScanInEnglish()
    {
        await using var files = await LocalHttpServer.StartAsync(Serve(new() { ["scan.pdf"] = Fixture("scanned-rules.pdf") }));
        await using var app = await BotApplication.StartAsync();
        var alex = TestConversation.Personal(TestUser.Alex);
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, alex, "add", locale: "en-US"));
        await app.Connector.WaitForActivitiesAsync(1);

        await app.SendAsync(Upload(app, TestUser.Alex, alex, files, "en-US", "scan.pdf"));

        var report = (await app.Connector.WaitForActivitiesAsync(2))[1].Activity.Text!;
        Assert.Contains("\"scan.pdf\" is a scanned or image-only PDF with no text to read", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLine_ImportsPdfsFromAFolder_AndSaysWhyAScanWasRejected()
    {
        var folder = Path.Combine(Path.GetTempPath(), "orglife-tests", Guid.NewGuid().ToString("N"));
        var documents = Path.Combine(folder, "docs");
        Directory.CreateDirectory(documents);
        try
        {
            File.Copy(FixturePath("study-rules.pdf"), Path.Combine(documents, "study-rules.pdf"));
            File.Copy(FixturePath("scanned-rules.pdf"), Path.Combine(documents, "scanned-rules.pdf"));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:DataFolder"] = folder }).Build();
            var output = new StringWriter();

            Assert.Equal(0, await KnowledgeCommandLine.RunAsync(["kb", "import", documents], output, configuration));

            var text = output.ToString();
            Assert.Contains("imported 《示例党支部学习制度》 (11 articles", text, StringComparison.Ordinal);
            Assert.Contains("scanned-rules.pdf: rejected: “scanned-rules.pdf”是扫描件或图片 PDF", text, StringComparison.Ordinal);
            Assert.Contains("2 files: 1 imported or unchanged, 1 rejected.", text, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A real text PDF (standard font, no embedding needed) that is not a regulation: meeting minutes.</summary>
    private static byte[] MinutesPdf()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("Minutes of the branch meeting", 16, new PdfPoint(72, 760), font);
        page.AddText("Held on 3 March 2023. Members studied the constitution together", 11, new PdfPoint(72, 720), font);
        page.AddText("and shared what they had learnt. Next meeting in April.", 11, new PdfPoint(72, 705), font);
        return builder.Build();
    }

    private static JsonObject Upload(BotApplication app, TestUser from, TestConversation chat, LocalHttpServer files, string locale, params string[] names)
    {
        var activity = TeamsActivity.Message(app, from, chat, "", locale);
        activity.Remove("text");
        activity["attachments"] = new JsonArray([.. names.Select(name => (JsonNode)new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
            ["name"] = name,
            ["content"] = new JsonObject
            {
                ["downloadUrl"] = new Uri(files.BaseUrl, "files/" + Uri.EscapeDataString(name)).AbsoluteUri,
                ["uniqueId"] = Guid.NewGuid().ToString(),
                ["fileType"] = "pdf",
            },
        })]);
        return activity;
    }

    private static RequestDelegate Serve(Dictionary<string, byte[]> files) => async http =>
    {
        var name = Uri.UnescapeDataString(http.Request.Path.Value!.Split('/').Last());
        if (!files.TryGetValue(name, out var bytes))
        {
            http.Response.StatusCode = 404;
            return;
        }

        await http.Response.Body.WriteAsync(bytes);
    };
}
