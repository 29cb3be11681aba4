using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Tests.Hosting;
using static OrgLife.Bot.Tests.Features.Regulations.RegulationsTestKit;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>The knowledge base: upload in a 1:1 chat, list, remove, bad files, editions, the command line.</summary>
public sealed class KnowledgeTests
{
    private const string BranchRules = "# 第一党支部党费管理细则\n\n第一党支部委员会制定，2024年1月1日通过\n\n## 第一章 总则\n\n第一条 为规范党费收缴，制定本细则。\n\n第二条 党员每月二十日前通过企业微信向组织委员交纳党费。\n";

    [Fact]
    public async Task AdminUpload_InPersonalChat_ImportsForTheirTeam_ListsAndRemoves()
    {
        await using var files = await LocalHttpServer.StartAsync(ServeAsync(new() { ["rules.md"] = Encoding.UTF8.GetBytes(BranchRules) }));
        await using var app = await BotApplication.StartAsync();
        var team = TestConversation.Channel;
        var alex = TestConversation.Personal(TestUser.Alex);
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, team, "add"));
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, alex, "add"));
        var count = (await app.Connector.WaitForActivitiesAsync(2)).Count;

        await app.SendAsync(Upload(app, TestUser.Alex, alex, files, "rules.md"));
        var report = (await app.Connector.WaitForActivitiesAsync(count + 1))[count].Activity.Text;
        Assert.Contains("已导入《第一党支部党费管理细则》：2 条", report, StringComparison.Ordinal);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Megan, team, "党费通过企业微信交纳吗", mentionBot: true));
        var answer = Text(Card((await app.Connector.WaitForActivitiesAsync(count + 2))[count + 1]));
        Assert.Contains("《第一党支部党费管理细则》第二条", answer, StringComparison.Ordinal);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, alex, "知识库"));
        var list = (await app.Connector.WaitForActivitiesAsync(count + 3))[count + 2].Activity.Text!;
        Assert.Contains("《第一党支部党费管理细则》", list, StringComparison.Ordinal);
        Assert.Contains("《示例党支部组织生活实施细则》", list, StringComparison.Ordinal);

        var id = await app.WithStoreAsync(db => db.Set<StoredRegulation>().Where(d => d.Title == "第一党支部党费管理细则").Select(d => d.Id).SingleAsync());
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Alex, alex, $"删除文档 {id}"));
        Assert.Contains("已删除", (await app.Connector.WaitForActivitiesAsync(count + 4))[count + 3].Activity.Text, StringComparison.Ordinal);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Megan, team, "党费通过企业微信交纳吗", mentionBot: true));
        Assert.DoesNotContain("第一党支部党费管理细则", Text(Card((await app.Connector.WaitForActivitiesAsync(count + 5))[count + 4])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherTeams_DoNotSeeAnUploadedDocument()
    {
        await using var files = await LocalHttpServer.StartAsync(ServeAsync(new() { ["rules.md"] = Encoding.UTF8.GetBytes(BranchRules) }));
        await using var app = await BotApplication.StartAsync();
        var alex = TestConversation.Personal(TestUser.Alex);
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, TestConversation.Channel, "add"));
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, alex, "add"));
        await app.SendAsync(Upload(app, TestUser.Alex, alex, files, "rules.md"));
        var count = (await app.Connector.WaitForActivitiesAsync(3)).Count;

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Megan, TestConversation.GroupChat, "党费通过企业微信交纳吗"));

        Assert.DoesNotContain("第一党支部党费管理细则", Text(Card((await app.Connector.WaitForActivitiesAsync(count + 1))[count])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadFiles_GetClearMessages_AndNothingImportedIsLost()
    {
        await using var files = await LocalHttpServer.StartAsync(ServeAsync(new()
        {
            ["rules.docx"] = Encoding.UTF8.GetBytes("this is not a word document"),
            ["minutes.md"] = Encoding.UTF8.GetBytes("# 支部会议纪要\n\n## 一、会议议程\n\n集体学习党章，交流心得体会。\n"),
            ["photo.png"] = [0x89, 0x50, 0x4E, 0x47],
        }));
        await using var app = await BotApplication.StartAsync();
        var alex = TestConversation.Personal(TestUser.Alex);
        await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, alex, "add"));
        await app.Connector.WaitForActivitiesAsync(1);
        var documents = await app.WithStoreAsync(db => db.Set<StoredRegulation>().CountAsync());

        await app.SendAsync(Upload(app, TestUser.Alex, alex, files, "rules.docx", "minutes.md", "photo.png", "missing.md"));

        var report = (await app.Connector.WaitForActivitiesAsync(2))[1].Activity.Text!;
        Assert.Contains("“rules.docx”不是有效的 Word (.docx) 文件", report, StringComparison.Ordinal);
        Assert.Contains("“minutes.md”中没有找到“第X条”", report, StringComparison.Ordinal);
        Assert.Contains("“photo.png”的文件类型不支持", report, StringComparison.Ordinal);
        Assert.Contains("无法下载“missing.md”", report, StringComparison.Ordinal);
        Assert.Contains("已导入的内容都没有受影响", report, StringComparison.Ordinal);
        Assert.Equal(documents, await app.WithStoreAsync(db => db.Set<StoredRegulation>().CountAsync()));
    }

    [Fact]
    public async Task Upload_FromSomeoneWhoIsNotAdmin_IsRefused()
    {
        await using var files = await LocalHttpServer.StartAsync(ServeAsync(new() { ["rules.md"] = Encoding.UTF8.GetBytes(BranchRules) }));
        await using var app = await BotApplication.StartAsync();

        await app.SendAsync(Upload(app, TestUser.Megan, TestConversation.Personal(TestUser.Megan), files, "rules.md"));

        Assert.Contains("只有管理员", (await app.Connector.WaitForActivitiesAsync(1))[0].Activity.Text, StringComparison.Ordinal);
        Assert.Equal(0, files.Requests);
    }

    [Fact]
    public async Task Reimport_IsANoOp_AndANewerEditionSupersedesTheOlder()
    {
        await using var app = await BotApplication.StartAsync();
        await using var scope = app.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<KnowledgeImporter>();
        var owner = KnowledgeOwner.Operator("test");
        static byte[] Edition(int year, string when) => Encoding.UTF8.GetBytes($"# 测试支部学习制度\n\n{year}年3月1日通过\n\n第一条 支部学习会{when}召开一次。\n");

        var first = await importer.ImportAsync([("old.md", Edition(2019, "每月"))], owner, CancellationToken.None);
        var again = await importer.ImportAsync([("old-copy.md", Edition(2019, "每月"))], owner, CancellationToken.None);
        var newer = await importer.ImportAsync([("new.md", Edition(2023, "每季度"))], owner, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, first[0].Outcome);
        Assert.Equal(ImportOutcome.Unchanged, again[0].Outcome);
        Assert.Equal(ImportOutcome.Imported, newer[0].Outcome);
        Assert.Contains("2019", newer[0].SupersededEdition, StringComparison.Ordinal);
        var editions = await app.WithStoreAsync(db => db.Set<StoredRegulation>().Where(d => d.Title == "测试支部学习制度").OrderBy(d => d.EditionYear).ToListAsync());
        Assert.Equal([true, false], editions.Select(d => d.IsSuperseded));
        Assert.Equal(new DateOnly(2023, 3, 1), editions[1].EditionDate);

        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), "支部学习会多久召开一次？"));
        var answer = Text(Card((await app.Connector.WaitForActivitiesAsync(1))[0]));
        Assert.Contains("每季度", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLine_ImportsListsAndRemoves()
    {
        var folder = Path.Combine(Path.GetTempPath(), "orglife-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:DataFolder"] = folder }).Build();
            var output = new StringWriter();

            Assert.Equal(0, await KnowledgeCommandLine.RunAsync(["kb", "import", DangzhangPath], output, configuration));
            Assert.Equal(0, await KnowledgeCommandLine.RunAsync(["kb", "import", DangzhangPath], output, configuration));
            Assert.Equal(0, await KnowledgeCommandLine.RunAsync(["kb", "list"], output, configuration));
            Assert.Equal(0, await KnowledgeCommandLine.RunAsync(["kb", "remove", "中国共产党章程"], output, configuration));
            Assert.Equal(1, await KnowledgeCommandLine.RunAsync(["kb", "remove", "中国共产党章程"], output, configuration));

            var text = output.ToString();
            Assert.Contains("imported 《中国共产党章程》", text, StringComparison.Ordinal);
            Assert.Contains("unchanged", text, StringComparison.Ordinal);
            Assert.Contains("1 documents.", text, StringComparison.Ordinal);
            Assert.Contains("Removed", text, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonObject Upload(BotApplication app, TestUser from, TestConversation chat, LocalHttpServer files, params string[] names)
    {
        var activity = TeamsActivity.Message(app, from, chat, "");
        activity.Remove("text");
        activity["attachments"] = new JsonArray([.. names.Select(name => (JsonNode)new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
            ["name"] = name,
            ["content"] = new JsonObject
            {
                ["downloadUrl"] = new Uri(files.BaseUrl, "files/" + name).AbsoluteUri,
                ["uniqueId"] = Guid.NewGuid().ToString(),
                ["fileType"] = Path.GetExtension(name).TrimStart('.'),
            },
        })]);
        return activity;
    }

    private static RequestDelegate ServeAsync(Dictionary<string, byte[]> files) => async http =>
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
