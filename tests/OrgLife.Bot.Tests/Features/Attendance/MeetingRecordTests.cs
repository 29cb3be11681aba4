using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;
using OrgLife.Testing.Gating;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>
/// Issue 12 through the host: a voting 党员大会 with a probationary member, the record filled after the meeting,
/// a leave becoming a 补课 item completed by the member, and the Word record — on SQLite and on PostgreSQL.
/// </summary>
public sealed partial class MeetingRecordTests
{
    [Fact]
    public Task VotingCongress_Record_MakeUp_AndWordRecord_Sqlite() => VotingCongressAsync(TestStore.Sqlite);

    [RequiresFact(Requirement.PostgreSql)]
    public Task VotingCongress_Record_MakeUp_AndWordRecord_Postgres() => VotingCongressAsync(TestStore.Postgres);

    private static async Task VotingCongressAsync(TestStore store)
    {
        await using var s = await AttendanceScenario.StartAsync(store: store);
        // 李明 is a probationary member: on the list, without a vote.
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Alex, s.Chat, "设为预备党员", mentions: TestUser.Lee));
        Assert.Contains("已设为预备党员（无表决权）：李明", s.App.Connector.Activities[^1].Activity.Text, StringComparison.Ordinal);
        var form = s.Form("第四季度党员大会");
        form["type"] = "PartyCongress";
        form["voting"] = "true";
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Create, form, "form-message");
        var meeting = await s.App.WithStoreAsync(db => db.Set<Meeting>().SingleAsync());
        Assert.True(meeting.IsVoting);

        // Megan asks for leave; Alex and 李明 attend and check in.
        await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Leave, new JsonObject { ["meetingId"] = meeting.Id, ["reason"] = "出差" });
        Assert.Contains("开始后才能填写会议记录", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Record, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);
        s.Clock.SetUtcNow(meeting.StartsAt.AddMinutes(-5));
        await s.ExecuteAsync(TestUser.Lee, AttendanceVerbs.CheckIn, AttendanceScenario.Id(meeting));
        s.Clock.SetUtcNow(meeting.StartsAt.AddMinutes(1));

        // 李明 present gives no quorum: of the two with a vote (Alex, Megan) none is present yet.
        var record = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Record, AttendanceScenario.Id(meeting)));
        Assert.Contains("有表决权的党员应到 2 人，实到 0 人，未超过半数，不能进行表决（预备党员 1 人", record, StringComparison.Ordinal);
        // Exactly half (Alex of Alex and Megan) is still no quorum.
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.CheckIn, AttendanceScenario.Id(meeting));
        record = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Record, AttendanceScenario.Id(meeting)));
        Assert.Contains("应到 2 人，实到 1 人，未超过半数", record, StringComparison.Ordinal);

        // A member who is neither organiser nor recorder cannot fill it in.
        Assert.Contains("只有会议组织者", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Lee, AttendanceVerbs.Record, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);

        // A half-filled form comes back with the problem and what was typed.
        var ids = await s.App.WithStoreAsync(db => db.Users.ToDictionaryAsync(u => u.TeamsId, u => u.Id.ToString(CultureInfo.InvariantCulture)));
        var half = new JsonObject { ["meetingId"] = meeting.Id, ["topics"] = " \n ", ["minutes"] = "王书记传达了上级精神。" };
        var refused = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordSave, half));
        Assert.Contains("请至少填写一个议题", refused, StringComparison.Ordinal);
        Assert.Contains("王书记传达了上级精神。", refused, StringComparison.Ordinal);

        var filled = new JsonObject
        {
            ["meetingId"] = meeting.Id, ["topics"] = "讨论接收张三为预备党员\n\n  学习《中国共产党章程》第五条 ",
            ["host"] = ids[TestUser.Alex.Id], ["recorder"] = ids[TestUser.Lee.Id],
            ["minutes"] = "王书记主持会议。\n张三汇报了思想和工作情况。", ["decisions"] = "同意接收张三为预备党员。",
        };
        Assert.Contains("会议记录已保存", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordSave, filled)), StringComparison.Ordinal);
        var saved = await s.App.WithStoreAsync(db => db.Set<MeetingRecord>().SingleAsync());
        Assert.Equal("讨论接收张三为预备党员\n学习《中国共产党章程》第五条", saved.Topics);
        // The chosen recorder may now edit it.
        Assert.Contains("王书记主持会议", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Lee, AttendanceVerbs.Record, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);

        // Closed after the start: Megan's leave becomes a 补课 item in her own chat, with the minutes.
        Assert.Contains("会议已结束", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Close, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);
        var item = s.App.Connector.Activities.Single(a => a.ConversationId != s.Chat.Id && AttendanceScenario.Text(a).Contains("补课：第四季度党员大会", StringComparison.Ordinal));
        Assert.Contains("张三汇报了思想和工作情况", AttendanceScenario.Text(item), StringComparison.Ordinal);
        Assert.Contains(AttendanceVerbs.MakeUp, AttendanceScenario.Text(item), StringComparison.Ordinal);
        record = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Record, AttendanceScenario.Id(meeting)));
        Assert.Contains("补课：已完成 无；未完成 Megan Bowen", record, StringComparison.Ordinal);

        var megan = TestConversation.Personal(TestUser.Megan);
        var noNote = AttendanceScenario.Text(await s.App.SendAsync(TeamsActivity.Execute(s.App, TestUser.Megan, megan, AttendanceVerbs.MakeUp, AttendanceScenario.Id(meeting), "item")));
        Assert.Contains("请填写学习体会", noNote, StringComparison.Ordinal);
        var done = AttendanceScenario.Text(await s.App.SendAsync(TeamsActivity.Execute(s.App, TestUser.Megan, megan, AttendanceVerbs.MakeUp, new JsonObject { ["meetingId"] = meeting.Id, ["note"] = "学习了会议记录和党章第五条" }, "item")));
        Assert.Contains("补课已完成", done, StringComparison.Ordinal);
        Assert.Contains("已经完成", AttendanceScenario.Text(await s.App.SendAsync(TeamsActivity.Execute(s.App, TestUser.Megan, megan, AttendanceVerbs.MakeUp, new JsonObject { ["meetingId"] = meeting.Id, ["note"] = "again" }, "item"))), StringComparison.Ordinal);
        record = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Record, AttendanceScenario.Id(meeting)));
        Assert.Contains("补课：已完成 Megan Bowen（学习了会议记录和党章第五条）；未完成 无", record, StringComparison.Ordinal);

        // Her history shows it; nothing is left under 我的补课.
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, megan, "我的出勤"));
        var history = AttendanceScenario.Text(s.App.Connector.Activities.Last(a => AttendanceScenario.Text(a).Contains("Megan Bowen 的出勤", StringComparison.Ordinal)));
        Assert.Contains("请假（已补课）", history, StringComparison.Ordinal);
        Assert.Contains("已完成 1 / 应补 1", history, StringComparison.Ordinal);
        await s.App.SendAsync(TeamsActivity.Message(s.App, TestUser.Megan, megan, "我的补课"));
        Assert.Contains("没有待完成的补课", s.App.Connector.Activities[^1].Activity.Text, StringComparison.Ordinal);

        // The Word record: a one-time link in Alex's own chat; a valid document with the Chinese text intact.
        Assert.Contains("私信", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordDocument, AttendanceScenario.Id(meeting))), StringComparison.Ordinal);
        var link = new Uri(s.App.Connector.Activities.Where(a => a.ConversationId != s.Chat.Id).SelectMany(a => Links().Matches(AttendanceScenario.Text(a)).Select(m => m.Value)).Last());
        var bytes = await s.App.Client.GetByteArrayAsync(link.PathAndQuery);
        using (var again = await s.App.Client.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator().Validate(word));
        var body = word.MainDocumentPart!.Document.Body!.InnerText;
        foreach (var expected in new[] { "会议记录", "第四季度党员大会", "1. 讨论接收张三为预备党员", "2. 学习《中国共产党章程》第五条", "同意接收张三为预备党员。", "出差", "未超过半数", "Alex Wilber", "李明", "学习了会议记录和党章第五条" })
        {
            Assert.Contains(expected, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WordRecord_OfTextWithControlCharacters_StaysValid()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        s.Clock.SetUtcNow(meeting.StartsAt);
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordSave, new JsonObject { ["meetingId"] = meeting.Id, ["topics"] = "议题\u0001一 😀", ["minutes"] = "记录\u000b内容" });

        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordDocument, AttendanceScenario.Id(meeting));

        var link = new Uri(s.App.Connector.Activities.SelectMany(a => Links().Matches(AttendanceScenario.Text(a)).Select(m => m.Value)).Last());
        using var word = WordprocessingDocument.Open(new MemoryStream(await s.App.Client.GetByteArrayAsync(link.PathAndQuery)), false);
        Assert.Empty(new OpenXmlValidator().Validate(word));
        Assert.Contains("议题一 😀", word.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordForm_FilledToEveryLimitInChinese_StaysUnderTeamsCardSize_AndLongerIsRefused()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();
        s.Clock.SetUtcNow(meeting.StartsAt);
        var full = new JsonObject
        {
            ["meetingId"] = meeting.Id, ["topics"] = new string('议', MeetingRecordForm.MaxTopics),
            ["minutes"] = new string('记', MeetingRecordForm.MaxMinutes), ["decisions"] = new string('决', MeetingRecordForm.MaxDecisions),
        };

        var card = await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordSave, (JsonObject)full.DeepClone());

        Assert.Contains("会议记录已保存", AttendanceScenario.Text(card), StringComparison.Ordinal);
        // As sent on the wire (System.Text.Json escapes every Chinese character).
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(card!["value"]!.ToJsonString()), 1, 27_000);
        full["minutes"] = new string('记', MeetingRecordForm.MaxMinutes + 1);
        Assert.Contains("会议记录最多 2500 个字", AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.RecordSave, (JsonObject)full.DeepClone())), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://[^""\s]+/exports/[A-Za-z0-9_\-]+")]
    private static partial Regex Links();
}
