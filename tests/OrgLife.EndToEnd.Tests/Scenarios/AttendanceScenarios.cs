using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrgLife.EndToEnd.Tests.Playground;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Scenarios;

/// <summary>
/// A meeting's life through the Teams emulator UI, in a group chat: the playground user installed the app
/// (admin, so they may act as secretary), fills the new-meeting form, asks for leave, changes to attend,
/// checks in, opens the roster, closes the meeting and asks for the export. Several people answering at
/// once is covered at host level (AttendanceHostTests), as the emulator has one user.
/// </summary>
[Collection(PlaygroundSuite.Name)]
public sealed partial class AttendanceScenarios(PlaygroundFixture playground)
{
    // Unfinished: the emulator's date/time pickers are not plain inputs, and submitting the form through the
    // playground API needs the form's message id, which the harness does not expose yet (frames captured
    // here were not seen). Host-level tests cover the same flow (AttendanceHostTests).
    [RequiresFact(PlaygroundFixture.Needs, Skip = "Needs the form's message id from the playground harness (see comment).")]
    public Task Meeting_CreateAnswerCheckInRosterCloseExport() => playground.RunAsync(async teams =>
    {
        // Remember the conversation stream's frames: the form's message id is needed to submit it.
        var frames = new System.Collections.Concurrent.ConcurrentQueue<string>();
        teams.Page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => frames.Enqueue(frame.Text ?? "");
        var chat = await teams.OpenGroupChatAsync();
        var before = await chat.SendOnlyAsync("新建会议");
        var form = await chat.WaitForBotCardAsync(before, FormTitle());

        // The form is in the user's time zone (named on the form); the meeting starts in 10 minutes, so
        // check-in (opening 30 minutes before the start) is open at once. The emulator's date and time
        // pickers are not plain inputs, so the form's values are submitted through its API.
        var zoneId = ZoneOnForm().Match(await form.CardTextAsync()).Groups[1].Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var start = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(10), zone);
        var end = start.AddMinutes(60);
        var title = "支委会" + start.ToString("HHmmss", CultureInfo.InvariantCulture);
        var (_, group, _, _) = await teams.Api.GetConversationIdsAsync();
        var cardsBefore = await chat.BotMessages.CountAsync();
        var formId = frames.Select(FormMessageId).LastOrDefault(id => id is not null) ?? throw new InvalidOperationException("The form's message id was not seen on the conversation stream.");
        var created = await teams.Api.ExecuteAsync(group, formId, "meeting.create", new JsonObject
        {
            ["type"] = "BranchCommittee", ["title"] = title, ["place"] = "党员活动室", ["audience"] = "all",
            ["startDate"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["startTime"] = start.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["endDate"] = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["endTime"] = end.ToString("HH:mm", CultureInfo.InvariantCulture),
        });
        Assert.Matches(Published(), created.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var meeting = await chat.WaitForBotCardAsync(cardsBefore, new Regex(Regex.Escape(title)));
        var english = (await meeting.CardTextAsync()).Contains("Expected", StringComparison.Ordinal);
        string T(string zh, string en) => english ? en : zh;

        // Leave (with a reason), then attend: the last answer before the deadline wins.
        await meeting.Button(T("请假", "Ask for leave")).ClickAsync();
        await meeting.FillAsync(T("请假原因", "Reason for leave"), "临时出差");
        await meeting.ClickAndWaitForUpdateAsync(T("提交请假", "Submit leave"), "临时出差");
        await meeting.ClickAndWaitForUpdateAsync(T("参加", "Attend"), T("你已报名参加", "You are attending"));
        await meeting.ClickAndWaitForUpdateAsync(T("签到", "Check in"), T("签到成功", "You are checked in"));

        await meeting.ClickAndWaitForUpdateAsync(T("名单", "Roster"), T("名单：", "Roster: ") + title);
        await meeting.ClickAndWaitForUpdateAsync(T("返回会议", "Back to meeting"), T("你已于", "You checked in at"));

        await meeting.Button(T("结束会议", "Close meeting")).ClickAsync();
        await meeting.ClickAndWaitForUpdateAsync(T("确认结束", "Close now"), T("会议已结束", "Meeting closed"));
        await chat.WaitForBotCardAsync(cardsBefore + 1, new Regex(T("会议已结束：", "Meeting closed: ") + Regex.Escape(title)));

        await meeting.Button(T("导出台账", "Export ledger")).ClickAsync();
        await meeting.WaitForTextAsync(T("下载链接", "download links"));
    });

    [GeneratedRegex("新建会议|New meeting")]
    private static partial Regex FormTitle();

    private static string? FormMessageId(string frame)
    {
        var start = frame.IndexOf('{', StringComparison.Ordinal);
        if (start < 0 || !frame.Contains("meeting.create", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return Find(JsonNode.Parse(frame[start..]));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        static string? Find(JsonNode? node) => node switch
        {
            JsonObject o when o["attachments"] is JsonArray a && a.ToJsonString().Contains("meeting.create", StringComparison.Ordinal) && o["id"] is JsonValue id => id.ToString(),
            JsonObject o => o.Select(p => Find(p.Value)).FirstOrDefault(x => x is not null),
            JsonArray a => a.Select(Find).FirstOrDefault(x => x is not null),
            _ => null,
        };
    }

    [GeneratedRegex("已发布会议 #|Meeting #[0-9]+ published")]
    private static partial Regex Published();

    [GeneratedRegex(@"[（(]([A-Za-z_/+\-0-9]+)[）)]")]
    private static partial Regex ZoneOnForm();
}
