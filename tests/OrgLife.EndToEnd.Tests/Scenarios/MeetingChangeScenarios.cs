using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrgLife.EndToEnd.Tests.Playground;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Scenarios;

/// <summary>
/// A secretary (the playground user installed the app, so is admin) publishes a meeting in the group chat,
/// postpones it from its card, then cancels it: the chat is told each time, and once the planned start has passed
/// the statistics count no more meetings than before. Each member's own 1:1 view is covered at host level
/// (MeetingChangeTests): the emulator shows only its one user.
/// </summary>
[Collection(PlaygroundSuite.Name)]
public sealed partial class MeetingChangeScenarios(PlaygroundFixture playground)
{
    [RequiresFact(PlaygroundFixture.Needs)]
    public Task Meeting_PostponedThenCancelled_ChatIsTold_AndStatisticsIgnoreIt() => playground.RunAsync(async teams =>
    {
        var chat = await teams.OpenGroupChatAsync();
        chat.ReplyTimeout = TimeSpan.FromSeconds(45);
        var heldBefore = await HeldAsync(chat);

        var form = await chat.WaitForBotCardAsync(await chat.SendOnlyAsync("新建会议"), FormTitle());
        var formText = await form.CardTextAsync();
        var english = formText.Contains("New meeting", StringComparison.Ordinal);
        string T(string zh, string en) => english ? en : zh;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneOnForm().Match(formText).Groups[1].Value);

        // It starts in a couple of minutes, so the test can wait until it would have been held.
        var startUtc = NextWholeMinute(DateTimeOffset.UtcNow).AddMinutes(2);
        var start = TimeZoneInfo.ConvertTime(startUtc, zone);
        var end = start.AddMinutes(60);
        var title = "党课" + start.ToString("HHmmss", CultureInfo.InvariantCulture);
        await form.FillAsync(T("会议名称", "Title"), title);
        await form.FillDateAsync(T("开始日期", "Start date"), DateOnly.FromDateTime(start.DateTime));
        await form.FillTimeAsync(T("开始时间", "Start time"), TimeOnly.FromDateTime(start.DateTime));
        await form.FillDateAsync(T("结束日期", "End date"), DateOnly.FromDateTime(end.DateTime));
        await form.FillTimeAsync(T("结束时间", "End time"), TimeOnly.FromDateTime(end.DateTime));
        var cardsBefore = await chat.BotMessages.CountAsync();
        await form.ClickAndWaitForUpdateAsync(T("发布会议", "Publish meeting"), T("已发布会议 #", "published"));
        var meeting = await chat.WaitForBotCardAsync(cardsBefore, new Regex(Regex.Escape(title)));

        // The shared card shows counts only; the secretary's own view (Refresh, as Teams fetches it) has the tools.
        await meeting.ClickAndWaitForUpdateAsync(T("刷新", "Refresh"), T("修改或改期", "Edit or postpone"));

        // Postponed: the card turns into the edit form filled in with the meeting; a later start is saved.
        await meeting.ClickAndWaitForUpdateAsync(T("修改或改期", "Edit or postpone"), T("修改会议 #", "Edit meeting #"));
        var postponedUtc = Later(startUtc.AddMinutes(1), NextWholeMinute(DateTimeOffset.UtcNow).AddMinutes(1));
        var postponed = TimeZoneInfo.ConvertTime(postponedUtc, zone);
        await meeting.FillDateAsync(T("开始日期", "Start date"), DateOnly.FromDateTime(postponed.DateTime));
        await meeting.FillTimeAsync(T("开始时间", "Start time"), TimeOnly.FromDateTime(postponed.DateTime));
        // The saving user's card says so, until the shared card's update (the new time for everyone) replaces it.
        await meeting.Button(T("保存修改", "Save changes")).ClickAsync();
        await ExpectOneAsync(chat, T("会议改期：", "Meeting rescheduled: ") + title);
        await meeting.WaitForTextAsync(postponed.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

        // Cancelled, with a reason: the chat is told and the shared card says so.
        await meeting.ClickAndWaitForUpdateAsync(T("刷新", "Refresh"), T("取消会议", "Cancel meeting"));
        await meeting.Button(T("取消会议", "Cancel meeting")).ClickAsync();
        await meeting.FillAsync(T("取消原因（可选）", "Reason (optional)"), "与区委会议冲突");
        await meeting.Button(T("确认取消", "Cancel the meeting")).ClickAsync();
        await ExpectOneAsync(chat, T("会议取消：", "Meeting cancelled: ") + title);
        await meeting.WaitForTextAsync(T("本次会议已取消：与区委会议冲突", "This meeting has been cancelled: 与区委会议冲突"));
        Assert.Contains("与区委会议冲突", await chat.FindBotMessage(T("会议取消：", "Meeting cancelled: ") + title).TextAsync(), StringComparison.Ordinal);

        // Once its new start has passed, a held meeting would count; a cancelled one does not.
        await teams.Page.WaitForTimeoutAsync((int)Math.Max(0, (postponedUtc - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3)).TotalMilliseconds));
        Assert.Equal(heldBefore, await HeldAsync(chat));
    });

    /// <summary>"已开会议 N 场" on the chat's 统计 card for this quarter.</summary>
    private static async Task<int> HeldAsync(Conversation chat)
    {
        var card = await chat.WaitForBotCardAsync(await chat.SendOnlyAsync("统计"), StatsTitle());
        var match = Held().Match(await card.CardTextAsync());
        Assert.True(match.Success, "The statistics card says how many meetings were held: " + await card.CardTextAsync());
        return int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
    }

    private static Task ExpectOneAsync(Conversation chat, string text) =>
        Assertions.Expect(chat.BotMessages.Filter(new() { HasText = text })).ToHaveCountAsync(1, new() { Timeout = 45_000 });

    private static DateTimeOffset NextWholeMinute(DateTimeOffset t) => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [GeneratedRegex("新建会议|New meeting")]
    private static partial Regex FormTitle();

    [GeneratedRegex("三会一课统计|Meetings statistics")]
    private static partial Regex StatsTitle();

    [GeneratedRegex(@"已开会议 (?<n>\d+) 场|(?<n>\d+) meeting\(s\) held")]
    private static partial Regex Held();

    [GeneratedRegex(@"[（(]([A-Za-z_/+\-0-9]+)[）)]")]
    private static partial Regex ZoneOnForm();
}
