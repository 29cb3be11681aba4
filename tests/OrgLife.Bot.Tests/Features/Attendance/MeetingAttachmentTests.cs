using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>
/// Attachments of a meeting's record through the host: files and pasted images sent to the bot in chat, served by
/// the local fake connector, checked (size, type by magic bytes, source), kept, listed on the record and in the Word
/// record, and downloaded once behind a link.
/// </summary>
public sealed partial class MeetingAttachmentTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.ASCII.GetBytes("sign-in sheet scan")];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("group photo")];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\nslides of the party lecture\n%%EOF");

    [Fact]
    public async Task FilesWithTheCommand_AreChecked_Kept_Listed_AndDownloadedOnce()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync("第四季度党员大会");
        var alex = TestConversation.Personal(TestUser.Alex);
        var connector = s.App.Connector;

        // A Teams file (pre-authorised downloadUrl, no token) and a pasted image (the Connector's attachments API).
        var message = TeamsActivity.Message(s.App, TestUser.Alex, alex, $"附件 {meeting.Id}");
        message["attachments"] = new JsonArray(
            TeamsFile("签到表.png", "png", connector.ServeFile("sign-in.png", "application/octet-stream", Png)),
            PastedImage(connector.ServeAttachment("0-pasted-1", "image/jpeg", Jpeg, requireToken: false)),
            TeamsFile("photo.jpg", "jpg", connector.ServeFile("not-a-photo.jpg", "image/jpeg", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"))),
            TeamsFile("elsewhere.pdf", "pdf", new Uri("https://files.example.org/elsewhere.pdf")));
        await s.App.SendAsync(message);

        var reply = ReplyIn(s, alex, "加入会议");
        Assert.Contains($"已将 2 个文件加入会议 #{meeting.Id}「第四季度党员大会」的记录", reply, StringComparison.Ordinal);
        Assert.Contains("photo.jpg：只接受照片", reply, StringComparison.Ordinal);
        Assert.Contains("elsewhere.pdf：文件不是从 Teams 的文件存储发来的", reply, StringComparison.Ordinal);
        var kept = await s.App.WithStoreAsync(db => db.Set<MeetingAttachment>().AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([("签到表.png", "image/png"), ("照片-2.jpg", "image/jpeg")], kept.Select(a => (a.FileName, a.ContentType)));
        Assert.All(kept, a => Assert.Equal(meeting.Id, a.MeetingId));
        // Local mode: no token exists, and none went anywhere.
        Assert.All(connector.Requests.Where(r => r.Path.Contains("/files/", StringComparison.Ordinal) || r.Path.Contains("/attachments/", StringComparison.Ordinal)), r => Assert.Null(r.Authorization));

        // The same file again is kept once.
        var again = TeamsActivity.Message(s.App, TestUser.Alex, alex, $"附件 {meeting.Id}");
        again["attachments"] = new JsonArray(TeamsFile("签到表(1).png", "png", connector.ServeFile("sign-in-again.png", "image/png", Png)));
        await s.App.SendAsync(again);
        Assert.Contains("这个文件已在会议记录中", ReplyIn(s, alex, "已在会议记录中"), StringComparison.Ordinal);

        // "附件 N" first, then the file alone (no text) in the next message.
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, alex, $"附件 {meeting.Id}"));
        Assert.Contains("分钟内把会议", ReplyIn(s, alex, "分钟内把会议"), StringComparison.Ordinal);
        var slides = TeamsActivity.Message(s.App, TestUser.Alex, alex, "");
        slides["attachments"] = new JsonArray(TeamsFile("党课课件.pdf", "pdf", connector.ServeFile("slides.pdf", "application/pdf", Pdf)));
        await s.App.SendAsync(slides);
        Assert.Contains("已将 1 个文件加入会议", connector.Activities.Last(a => a.ConversationId == alex.Id).Activity.Text, StringComparison.Ordinal);
        Assert.Equal(3, await s.App.WithStoreAsync(db => db.Set<MeetingAttachment>().CountAsync(a => a.MeetingId == meeting.Id)));

        // A member who neither organises, manages nor records the meeting cannot add files; nothing is kept.
        var megan = TestConversation.Personal(TestUser.Megan);
        var hers = TeamsActivity.Message(s.App, TestUser.Megan, megan, $"附件 {meeting.Id}");
        hers["attachments"] = new JsonArray(TeamsFile("mine.jpg", "jpg", connector.ServeFile("mine.jpg", "image/jpeg", [.. Jpeg, 1])));
        await s.App.SendAsync(hers);
        Assert.Contains("只有会议组织者、本支部书记和记录人可以为会议添加附件", ReplyIn(s, megan, "添加附件"), StringComparison.Ordinal);
        Assert.Equal(3, await s.App.WithStoreAsync(db => db.Set<MeetingAttachment>().CountAsync()));

        // Listed on the record card and in the Word record.
        s.Clock.SetUtcNow(meeting.StartsAt.AddMinutes(5));
        var record = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Record, AttendanceScenario.Id(meeting)));
        Assert.Contains("签到表.png（1 KB，Alex Wilber）", record, StringComparison.Ordinal);
        Assert.Contains("党课课件.pdf", record, StringComparison.Ordinal);
        Assert.Contains(AttendanceVerbs.Attachments, record, StringComparison.Ordinal);
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordSave, new JsonObject { ["meetingId"] = meeting.Id, ["topics"] = "学习党章" });
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordDocument, AttendanceScenario.Id(meeting));
        var wordLink = LastLink(s);
        using (var word = WordprocessingDocument.Open(new MemoryStream(await s.App.Client.GetByteArrayAsync(wordLink.PathAndQuery)), false))
        {
            Assert.Contains("签到表.png", word.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        }

        // Megan is on the meeting's list: she may download the files (links in her own chat), each once.
        Assert.Contains("私信", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attachments, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);
        var links = connector.Activities.Where(a => a.ConversationId != s.Chat.Id).SelectMany(a => Links().Matches(AttendanceScenario.Text(a)).Select(m => m.Value)).Distinct().TakeLast(3).ToList();
        Assert.Equal(Png, await s.App.Client.GetByteArrayAsync(new Uri(links[0]).PathAndQuery));
        using var twice = await s.App.Client.GetAsync(new Uri(links[0]).PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    [Fact]
    public async Task PhotoAlone_AsksWhichMeeting_WhenThereAreSeveral_AndTooLargeIsRefused()
    {
        await using var s = await AttendanceScenario.StartAsync(settings: new Dictionary<string, string?> { ["Attendance:MaxAttachmentBytes"] = "2000" });
        var first = await s.CreateMeetingAsync("十月支委会");
        var second = await s.CreateMeetingAsync("十一月支委会");
        var alex = TestConversation.Personal(TestUser.Alex);

        var photo = TeamsActivity.Message(s.App, TestUser.Alex, alex, "");
        photo["attachments"] = new JsonArray(
            PastedImage(s.App.Connector.ServeAttachment("0-pasted-2", "image/png", Png, requireToken: false)),
            TeamsFile("big.jpg", "jpg", s.App.Connector.ServeFile("big.jpg", "image/jpeg", [.. Jpeg, .. new byte[3000]])));
        await s.App.SendAsync(photo);

        Assert.Contains("big.jpg：文件超过 2 KB", ReplyIn(s, alex, "big.jpg"), StringComparison.Ordinal);
        var choice = ReplyIn(s, alex, "这些文件属于哪个会议？");
        Assert.Contains($"#{first.Id} 十月支委会", choice, StringComparison.Ordinal);
        Assert.Contains($"#{second.Id} 十一月支委会", choice, StringComparison.Ordinal);
        Assert.Equal(1, await s.App.WithStoreAsync(db => db.Set<MeetingAttachment>().CountAsync(a => a.MeetingId == null)));

        var chosen = AttendanceScenario.Text(await s.App.SendAsync(TeamsActivity.Execute(s.App, TestUser.Alex, alex, AttendanceVerbs.Attach, AttendanceScenario.Id(second), "choice")));
        Assert.Contains($"已将 1 个文件加入会议 #{second.Id}「十一月支委会」", chosen, StringComparison.Ordinal);
        // A second click finds nothing waiting and changes nothing.
        Assert.Contains("没有等待归档的文件", AttendanceScenario.Text(await s.App.SendAsync(TeamsActivity.Execute(s.App, TestUser.Alex, alex, AttendanceVerbs.Attach, AttendanceScenario.Id(first), "choice"))), StringComparison.Ordinal);
        Assert.Equal([second.Id], await s.App.WithStoreAsync(db => db.Set<MeetingAttachment>().Select(a => a.MeetingId!.Value).ToListAsync()));
    }

    [Fact]
    public async Task English_FileFromAMemberWithNoMeetings_IsLeftToTheKnowledgeBase()
    {
        await using var s = await AttendanceScenario.StartAsync();
        await s.CreateMeetingAsync();
        var megan = TestConversation.Personal(TestUser.Megan);
        var file = TeamsActivity.Message(s.App, TestUser.Megan, megan, "", locale: "en-US");
        file["attachments"] = new JsonArray(TeamsFile("photo.jpg", "jpg", s.App.Connector.ServeFile("p.jpg", "image/jpeg", Jpeg)));
        await s.App.SendAsync(file);

        Assert.Equal(0, await s.App.WithStoreAsync(db => db.Set<MeetingAttachment>().CountAsync()));
        Assert.DoesNotContain(s.App.Connector.Activities, a => a.ConversationId == megan.Id && (a.Activity.Text ?? "").Contains("meeting", StringComparison.OrdinalIgnoreCase));

        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, megan, "attach 1", locale: "en-US"));
        Assert.Contains("Only the organiser, the branch secretaries and the recorder can add files", ReplyIn(s, megan, "add files"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticated_TokenOnlyToTheActivitysConnector_FilesOnlyFromHttpsFileHosts()
    {
        // The fake connector's origin is a trusted Connector host here (Connector:TrustedServiceHosts); it is also listed as a file host, but plain http.
        await using var app = await BotApplication.StartAsync(authenticated: true, settings: new Dictionary<string, string?> { ["Attendance:AttachmentHosts:0"] = "127.0.0.1" });
        var downloader = app.Services.GetRequiredService<AttachmentDownloader>();
        var pasted = Parse(PastedImage(app.Connector.ServeAttachment("0-pasted-3", "image/png", Png)));
        var file = Parse(TeamsFile("a.png", "png", app.Connector.ServeFile("a.png", "image/png", Png)));
        var elsewhere = Parse(PastedImage(new Uri("https://attacker.example.net/v3/attachments/x/views/original")));

        // The pasted image on the activity's own Connector: fetched with the bot's token.
        var image = await downloader.FetchAsync(pasted, app.ServiceUrl, CancellationToken.None);
        Assert.Equal(Png, image.Content);
        Assert.StartsWith("Bearer ", app.Connector.Requests.Single(r => r.Path.Contains("/v3/attachments/", StringComparison.Ordinal)).Authorization, StringComparison.Ordinal);

        // The same image claimed to come from an activity of another (untrusted) serviceUrl: not fetched, no token.
        Assert.Equal(AttachmentProblem.UntrustedSource, (await downloader.FetchAsync(pasted, "https://attacker.example.net/", CancellationToken.None)).Problem);
        // A Teams file over plain http, and an image on a foreign host: refused before any connection.
        Assert.Equal(AttachmentProblem.UntrustedSource, (await downloader.FetchAsync(file, app.ServiceUrl, CancellationToken.None)).Problem);
        Assert.Equal(AttachmentProblem.UntrustedSource, (await downloader.FetchAsync(elsewhere, app.ServiceUrl, CancellationToken.None)).Problem);
        Assert.Single(app.Connector.Requests, r => r.Path.Contains("/v3/attachments/", StringComparison.Ordinal) || r.Path.Contains("/files/", StringComparison.Ordinal));
    }

    private static Attachment Parse(JsonObject attachment) => attachment.Deserialize(ProtocolJsonContext.Default.Attachment)!;

    private static string ReplyIn(AttendanceScenario s, TestConversation conversation, string containing) =>
        s.App.Connector.Activities.Where(a => a.ConversationId == conversation.Id).Select(AttendanceScenario.Text).Last(t => t.Contains(containing, StringComparison.Ordinal));

    private static Uri LastLink(AttendanceScenario s) =>
        new(s.App.Connector.Activities.SelectMany(a => Links().Matches(AttendanceScenario.Text(a)).Select(m => m.Value)).Last());

    private static JsonObject TeamsFile(string name, string fileType, Uri downloadUrl) => new()
    {
        ["contentType"] = Attachment.FileDownloadInfoContentType,
        ["contentUrl"] = "https://contoso-my.sharepoint.com/personal/alex/Documents/Microsoft%20Teams%20Chat%20Files/" + Uri.EscapeDataString(name),
        ["name"] = name,
        ["content"] = new JsonObject { ["downloadUrl"] = downloadUrl.AbsoluteUri, ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = fileType },
    };

    private static JsonObject PastedImage(Uri contentUrl) => new() { ["contentType"] = "image/*", ["contentUrl"] = contentUrl.AbsoluteUri };

    [GeneratedRegex(@"https?://[^""\s]+/exports/[A-Za-z0-9_\-]+")]
    private static partial Regex Links();
}
