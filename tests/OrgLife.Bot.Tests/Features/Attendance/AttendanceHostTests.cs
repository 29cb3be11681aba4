using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Bot.Tests.Platform.Cards;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>Attendance through /api/messages: several people in one group chat, a fake Connector, SQLite.</summary>
public sealed partial class AttendanceHostTests
{
    [Fact]
    public async Task NewMeeting_ByAMember_IsRefused()
    {
        await using var s = await AttendanceScenario.StartAsync();
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, s.Chat, "新建会议"));

        var sent = await s.App.Connector.WaitForActivitiesAsync(2);
        Assert.Contains("只有支部书记", sent[1].Activity.Text, StringComparison.Ordinal);
        var body = await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Create, s.Form());
        Assert.Contains("只有支部书记", AttendanceScenario.Text(body), StringComparison.Ordinal);
        Assert.False(await s.App.WithStoreAsync(db => db.Set<Meeting>().AnyAsync()));
    }

    [Fact]
    public async Task NewMeeting_English_SendsTheFormInEnglish()
    {
        await using var s = await AttendanceScenario.StartAsync();
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "new meeting", "en-US"));

        var sent = await s.App.Connector.WaitForActivitiesAsync(2);
        var form = AttendanceScenario.Text(sent[1]);
        Assert.Contains("New meeting", form, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewMeeting_InvalidForm_IsShownAgainWithValuesAndErrors_AndNothingIsSaved()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var form = s.Form();
        form["endTime"] = "19:00";
        form["title"] = "";

        var body = await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Create, form);

        var card = AttendanceScenario.Text(body);
        Assert.Contains("结束时间必须晚于开始时间", card, StringComparison.Ordinal);
        Assert.Contains("请填写会议名称", card, StringComparison.Ordinal);
        Assert.Contains("党员活动室", card, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"19:00\"", card, StringComparison.Ordinal);
        Assert.False(await s.App.WithStoreAsync(db => db.Set<Meeting>().AnyAsync()));
    }

    [Fact]
    public async Task NewMeeting_PostsTheMeetingCard_ExpectingEveryMemberOfTheChat()
    {
        await using var s = await AttendanceScenario.StartAsync();

        var meeting = await s.CreateMeetingAsync();

        var posted = s.App.Connector.Activities.Last(a => a.Operation is ConnectorOperation.Reply or ConnectorOperation.Send);
        var card = posted.Activity.Attachments![0].Content!;
        Assert.Equal(meeting.CardActivityId, posted.AssignedId);
        Assert.Equal(3, card["refresh"]!["userIds"]!.AsArray().Count);
        Assert.Contains("应到", AttendanceScenario.Text(card), StringComparison.Ordinal);
        Assert.Equal(3, await s.App.WithStoreAsync(db => db.Set<MeetingAttendee>().CountAsync(a => a.MeetingId == meeting.Id)));
        Assert.Equal(new DateTimeOffset(TimeZoneInfo.ConvertTime(s.Clock.GetUtcNow(), AttendanceScenario.Shanghai).Date.AddDays(1).AddHours(19.5), TimeSpan.FromHours(8)), meeting.StartsAt);
    }

    [Fact]
    public async Task Answers_FromSeveralPeople_ShowEachTheirOwnState_AndTheSharedCardIsUpdatedCoalesced()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        var before = s.App.Connector.Activities.Count;

        // The first click's update goes at once.
        var megan = await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));
        await s.App.Connector.WaitForActivitiesAsync(before + 1);

        // Clicks within the next second only mark the card dirty: at most one PUT per conversation per second.
        var lee = await s.ExecuteAsync(TestUser.Lee, AttendanceVerbs.Leave, new JsonObject { ["meetingId"] = meeting.Id, ["reason"] = "出差" });
        var retry = await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));

        Assert.Contains("你已报名参加", AttendanceScenario.Text(megan), StringComparison.Ordinal);
        Assert.Contains("你已请假：出差", AttendanceScenario.Text(lee), StringComparison.Ordinal);
        Assert.Contains("无需重复提交", AttendanceScenario.Text(retry), StringComparison.Ordinal);
        Assert.Equal(2, await s.AuditRowsAsync(meeting));
        Assert.Single(s.Updates());

        // Time passes (a second at a time, as the refresher may arm its timer just after a step) until the
        // coalesced update of the other clicks goes out.
        await s.StepClockUntilAsync(() => s.Updates().Count >= 2, steps: 10, wait: TimeSpan.FromSeconds(3));

        var updates = s.Updates();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.Equal(meeting.CardActivityId, u.ActivityId));
        var last = updates[^1].Activity.Attachments![0].Content!;
        var counts = last["body"]!.AsArray().First(e => e?["type"]?.GetValue<string>() == "ColumnSet")!["columns"]!.AsArray()
            .Select(c => c!["items"]![0]!["text"]!.GetValue<string>()).ToList(); // strings: renderers drop a numeric text
        Assert.Equal(["3", "1", "1", "0"], counts);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task CardUpdate_RefusedByTeams_IsSentAgainLater_WithTheLatestCounts(HttpStatusCode status)
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        // More failures than the Connector client retries on its own: the refresher has to try again later.
        s.App.Connector.FailNext(new ConnectorOptions().MaxRetries + 1, status);

        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));
        await s.ExecuteAsync(TestUser.Lee, AttendanceVerbs.Leave, new JsonObject { ["meetingId"] = meeting.Id, ["reason"] = "出差" });

        // The client's back-off and the refresher's interval both run on the test clock.
        await s.StepClockUntilAsync(() => s.Updates().Count > 0, steps: 120, wait: TimeSpan.FromMilliseconds(200));

        var update = Assert.Single(s.Updates());
        Assert.Equal(meeting.CardActivityId, update.ActivityId);
        var counts = update.Activity.Attachments![0].Content!["body"]!.AsArray().First(e => e?["type"]?.GetValue<string>() == "ColumnSet")!["columns"]!.AsArray()
            .Select(c => c!["items"]![0]!["text"]!.ToString()).ToList();
        Assert.Equal(["3", "1", "1", "0"], counts);
    }

    [Fact]
    public async Task Answer_AfterTheDeadline_IsRefusedWithAMessageSayingSo()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        s.Clock.SetUtcNow(meeting.RespondBy.AddMinutes(1));

        var body = await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));

        Assert.Contains("截止", AttendanceScenario.Text(body), StringComparison.Ordinal);
        Assert.Equal(0, await s.AuditRowsAsync(meeting));
    }

    [Fact]
    public async Task Leave_WithoutReason_IsRefused()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();

        var body = await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Leave, AttendanceScenario.Id(meeting));

        Assert.Contains("请假必须填写原因", AttendanceScenario.Text(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretaryTools_AreRefusedToMembers()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();

        foreach (var verb in new[] { AttendanceVerbs.Roster, AttendanceVerbs.Close, AttendanceVerbs.Remind, AttendanceVerbs.Export })
        {
            var body = await s.ExecuteAsync(TestUser.Megan, verb, AttendanceScenario.Id(meeting));
            Assert.Contains("只有会议组织者和本支部书记", AttendanceScenario.Text(body), StringComparison.Ordinal);
        }

        Assert.Null((await s.App.WithStoreAsync(db => db.Set<Meeting>().SingleAsync())).ClosedAt);
    }

    [Fact]
    public async Task Remind_MessagesThoseWhoHaveNotAnswered_AndReportsWhoCannotBeReached()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));
        s.App.Connector.Forbid(TestUser.Lee.Id);

        var body = await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Remind, AttendanceScenario.Id(meeting));

        var text = AttendanceScenario.Text(body);
        Assert.Contains("已提醒 1 人", text, StringComparison.Ordinal);
        Assert.Contains("李明", text, StringComparison.Ordinal);
        var created = Assert.Single(s.App.Connector.CreatedConversations, c => c.Parameters.Members![0].Id == TestUser.Megan.Id);
        Assert.Contains(s.App.Connector.Activities, a => a.ConversationId == created.Id && AttendanceScenario.Text(a).Contains("你还没有回复这个会议", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckIn_Roster_Close_Export_MyAttendance_AndStats()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));
        await s.ExecuteAsync(TestUser.Lee, AttendanceVerbs.Leave, new JsonObject { ["meetingId"] = meeting.Id, ["reason"] = "出差" });

        var early = await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.CheckIn, AttendanceScenario.Id(meeting));
        Assert.Contains("签到尚未开始", AttendanceScenario.Text(early), StringComparison.Ordinal);
        s.Clock.SetUtcNow(meeting.StartsAt.AddMinutes(-10));
        var checkedIn = await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.CheckIn, AttendanceScenario.Id(meeting));
        Assert.Contains("签到成功", AttendanceScenario.Text(checkedIn), StringComparison.Ordinal);

        var rosterCard = await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Roster, AttendanceScenario.Id(meeting));
        var roster = AttendanceScenario.Text(rosterCard);
        Assert.Contains("名单：十月支委会", roster, StringComparison.Ordinal);
        Assert.Contains("请假：出差", roster, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", roster, StringComparison.Ordinal);

        s.Clock.SetUtcNow(meeting.EndsAt);
        var closed = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Close, AttendanceScenario.Id(meeting)));
        Assert.Contains("实到 1 人，请假 1 人，缺席 1 人", closed, StringComparison.Ordinal);
        var summary = s.App.Connector.Activities.Last(a => AttendanceScenario.Text(a).Contains("会议已结束：十月支委会", StringComparison.Ordinal));
        Assert.Equal(s.Chat.Id, summary.ConversationId);
        Assert.Contains("缺席：Alex Wilber", AttendanceScenario.Text(summary), StringComparison.Ordinal);
        var late = await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));
        Assert.Contains("会议已结束", AttendanceScenario.Text(late), StringComparison.Ordinal);

        // Export from the group chat: the links go to Alex's personal chat.
        var exportedCard = await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Export, AttendanceScenario.Id(meeting));
        var exported = AttendanceScenario.Text(exportedCard);
        Assert.Contains("私信", exported, StringComparison.Ordinal);
        var links = s.App.Connector.Activities.Where(a => a.ConversationId != s.Chat.Id).SelectMany(a => Links().Matches(AttendanceScenario.Text(a)).Select(m => m.Value)).ToList();
        Assert.Equal(3, links.Count);
        var xlsxUrl = new Uri(links[0]);
        var docxUrl = new Uri(links[1]);
        var csvUrl = new Uri(links[2]);
        var csv = await s.App.Client.GetByteArrayAsync(csvUrl.PathAndQuery);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        var csvText = Encoding.UTF8.GetString(csv);
        Assert.Contains("十月支委会", csvText, StringComparison.Ordinal);
        Assert.Contains("出差", csvText, StringComparison.Ordinal);
        Assert.Equal(4, csvText.Trim().Split('\n').Length);
        using (var again = await s.App.Client.GetAsync(csvUrl.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        var xlsx = await s.App.Client.GetByteArrayAsync(xlsxUrl.PathAndQuery);
        using (var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            Assert.Equal(3, document.WorkbookPart!.WorksheetParts.Count());
            Assert.Contains(document.WorkbookPart.WorksheetParts, p => p.Worksheet.InnerText.Contains("Megan Bowen", StringComparison.Ordinal));
        }

        // The Word 台账: valid Open XML, the overview and the meeting's record in Chinese.
        using (var word = WordprocessingDocument.Open(new MemoryStream(await s.App.Client.GetByteArrayAsync(docxUrl.PathAndQuery)), false))
        {
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(word));
            var body = word.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("三会一课台账 #" + meeting.Id, body, StringComparison.Ordinal);
            Assert.Contains("1. 支委会：十月支委会", body, StringComparison.Ordinal);
            Assert.Contains("李明（出差）", body, StringComparison.Ordinal);
        }

        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, s.Chat, "我的出勤"));
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "统计 " + new StatsPeriod(meeting.StartsAt.Year, ((TimeZoneInfo.ConvertTime(meeting.StartsAt, AttendanceScenario.Shanghai).Month - 1) / 3 * 3) + 1, 3).Label));
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, s.Chat, "统计"));
        var all = s.App.Connector.Activities.Select(AttendanceScenario.Text).ToList();
        Assert.Contains(all, t => t.Contains("Megan Bowen 的出勤", StringComparison.Ordinal) && t.Contains("100%", StringComparison.Ordinal));
        Assert.Contains(all, t => t.Contains("三会一课统计", StringComparison.Ordinal) && t.Contains("Alex Wilber", StringComparison.Ordinal));
        Assert.Contains(all, t => t.Contains("只有书记和领导可以查看统计", StringComparison.Ordinal));

        // No blank button on any of them: the published meeting, roster, summary, export, 我的出勤 and 统计 cards.
        var cards = s.App.Connector.Activities.SelectMany(a => a.Activity.Attachments ?? []).Select(a => a.Content as JsonObject)
            .Concat([rosterCard?["value"] as JsonObject, exportedCard?["value"] as JsonObject]).OfType<JsonObject>().ToList();
        Assert.True(cards.Count >= 6, $"{cards.Count} cards");
        Assert.All(cards, c => Assert.Empty(SampleRenders.Problems(c)));
    }

    [Fact]
    public async Task ExportLink_FromOneInstance_IsServedByAnother_OnTheSameStore_Once()
    {
        var folder = Path.Combine(Path.GetTempPath(), "orglife-tests", "exports-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Store:DataFolder"] = folder };
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            await using var first = await AttendanceScenario.StartAsync(clock, settings);
            await using var second = await AttendanceScenario.StartAsync(clock, settings, install: false);
            var meeting = await first.CreateMeetingAsync();
            await first.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Export, AttendanceScenario.Id(meeting));
            var link = new Uri(first.App.Connector.Activities.SelectMany(a => Links().Matches(AttendanceScenario.Text(a)).Select(m => m.Value)).Last());

            // Behind a load balancer the download may reach the other instance: the file is in the shared store.
            using (var served = await second.App.Client.GetAsync(link.PathAndQuery))
            {
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
                Assert.Contains("十月支委会", Encoding.UTF8.GetString(await served.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
            }

            using var again = await first.App.Client.GetAsync(link.PathAndQuery);
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ExportLink_AfterItsLifetime_IsGone()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Export, AttendanceScenario.Id(meeting));
        var link = new Uri(s.App.Connector.Activities.SelectMany(a => Links().Matches(AttendanceScenario.Text(a)).Select(m => m.Value)).Last());

        s.Clock.Advance(new AttendanceOptions().ExportLinkLifetime + TimeSpan.FromSeconds(1));

        using var late = await s.App.Client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
    }

    [Fact]
    public async Task RefreshInvoke_ShowsTheViewersOwnCard_WithSecretaryToolsOnlyForManagers()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();

        var alex = AttendanceScenario.Text(await s.App.SendAsync(TeamsActivity.Execute(s.App, TestUser.Alex, s.Chat, AttendanceVerbs.Refresh, AttendanceScenario.Id(meeting), meeting.CardActivityId!, trigger: "automatic")));
        var megan = AttendanceScenario.Text(await s.App.SendAsync(TeamsActivity.Execute(s.App, TestUser.Megan, s.Chat, AttendanceVerbs.Refresh, AttendanceScenario.Id(meeting), meeting.CardActivityId!, trigger: "automatic")));

        Assert.Contains(AttendanceVerbs.Cancel, alex, StringComparison.Ordinal);
        Assert.Contains(AttendanceVerbs.Roster, alex, StringComparison.Ordinal);
        Assert.DoesNotContain(AttendanceVerbs.Cancel, megan, StringComparison.Ordinal);
        Assert.DoesNotContain(AttendanceVerbs.Roster, megan, StringComparison.Ordinal);
        Assert.Contains("你还没有回复", megan, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://[^""\s]+/exports/[A-Za-z0-9_\-]+")]
    private static partial Regex Links();
}
