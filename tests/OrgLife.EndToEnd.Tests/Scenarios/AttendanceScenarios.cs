using System.Globalization;
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
    [RequiresFact(PlaygroundFixture.Needs)]
    public Task Meeting_CreateAnswerCheckInRosterCloseExport() => playground.RunAsync(async teams =>
    {
        var chat = await teams.OpenGroupChatAsync();
        var form = await chat.WaitForBotCardAsync(await chat.SendOnlyAsync("新建会议"), FormTitle());
        var formText = await form.CardTextAsync();
        var english = formText.Contains("New meeting", StringComparison.Ordinal);
        string T(string zh, string en) => english ? en : zh;

        // The form is in the user's time zone (named on the form). The meeting starts at the next whole minute
        // but one, so check-in (open from 30 minutes before the start) is open at once, and the meeting may be
        // closed (only after its start) within two minutes.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneOnForm().Match(formText).Groups[1].Value);
        var now = DateTimeOffset.UtcNow;
        var startUtc = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(2);
        var start = TimeZoneInfo.ConvertTime(startUtc, zone);
        var end = start.AddMinutes(60);
        var title = "支委会" + start.ToString("HHmmss", CultureInfo.InvariantCulture);
        await form.FillAsync(T("会议名称", "Title"), title);
        await form.FillDateAsync(T("开始日期", "Start date"), DateOnly.FromDateTime(start.DateTime));
        await form.FillTimeAsync(T("开始时间", "Start time"), TimeOnly.FromDateTime(start.DateTime));
        await form.FillDateAsync(T("结束日期", "End date"), DateOnly.FromDateTime(end.DateTime));
        await form.FillTimeAsync(T("结束时间", "End time"), TimeOnly.FromDateTime(end.DateTime));
        var cardsBefore = await chat.BotMessages.CountAsync();
        await form.ClickAndWaitForUpdateAsync(T("发布会议", "Publish meeting"), T("已发布会议 #", "published"));

        var meeting = await chat.WaitForBotCardAsync(cardsBefore, new Regex(Regex.Escape(title)));
        await meeting.WaitForTextAsync(start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

        // After each answer the bot updates the shared card (counts only). Teams would then fetch every listed
        // user's own view (refresh.userIds); the emulator does not, so the user presses Refresh, as they may in Teams.
        async Task AnswerAsync(string button, string expected)
        {
            var seen = teams.MessageUpdates;
            await meeting.Button(button).ClickAsync();
            await teams.WaitForMessageUpdateAsync(seen);
            await meeting.ClickAndWaitForUpdateAsync(T("刷新", "Refresh"), expected);
        }

        // Leave (with a reason), then attend: the last answer before the deadline wins.
        await meeting.Button(T("请假", "Ask for leave")).ClickAsync();
        await meeting.FillAsync(T("请假原因", "Reason for leave"), "临时出差");
        await AnswerAsync(T("提交请假", "Submit leave"), T("你已请假：临时出差", "You are on leave: 临时出差"));
        await AnswerAsync(T("参加", "Attend"), T("你已报名参加", "You are attending"));
        await AnswerAsync(T("签到", "Check in"), T("你已于", "You checked in at"));

        await meeting.ClickAndWaitForUpdateAsync(T("名单", "Roster"), T("名单：", "Roster: ") + title);
        await meeting.ClickAndWaitForUpdateAsync(T("返回会议", "Back to meeting"), T("你已于", "You checked in at"));

        // The close button appears once the meeting has begun (closing earlier would record everyone absent).
        var wait = startUtc - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await meeting.ClickAndWaitForUpdateAsync(T("刷新", "Refresh"), T("你已于", "You checked in at"));
        await meeting.Button(T("结束会议", "Close meeting")).ClickAsync();
        await AnswerAsync(T("确认结束", "Close now"), T("会议已结束", "Meeting closed"));
        await chat.WaitForBotCardAsync(cardsBefore + 1, new Regex(T("会议已结束：", "Meeting closed: ") + Regex.Escape(title)));

        await meeting.Button(T("导出台账", "Export ledger")).ClickAsync();
        await meeting.WaitForTextAsync(T("下载链接", "download links"));
    });

    [GeneratedRegex("新建会议|New meeting")]
    private static partial Regex FormTitle();

    [GeneratedRegex(@"[（(]([A-Za-z_/+\-0-9]+)[）)]")]
    private static partial Regex ZoneOnForm();
}
