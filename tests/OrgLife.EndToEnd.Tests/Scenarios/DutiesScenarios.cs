using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrgLife.EndToEnd.Tests.Playground;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Scenarios;

/// <summary>
/// A duty's life through the Teams emulator UI, in the personal chat of the playground user (admin, so they may
/// plan duties; owner and leader at once): the new-duty form, the due-day reminder the bot's scheduler sends on
/// the real clock, "Done" with a note on that reminder, and the leader's overdue view. The fixture's bot has no
/// quiet hours or rest days, so the reminder goes out whenever the suite runs.
/// </summary>
[Collection(PlaygroundSuite.Name)]
public sealed partial class DutiesScenarios(PlaygroundFixture playground)
{
    [RequiresFact(PlaygroundFixture.Needs)]
    public Task Duty_CreateRemindDone_OverdueViewShowsOnlyTheLateOne() => playground.RunAsync(async teams =>
    {
        var chat = await teams.OpenPersonalChatAsync();
        chat.ReplyTimeout = TimeSpan.FromSeconds(45);
        var form = await chat.WaitForBotCardAsync(await chat.SendOnlyAsync("新建任务"), FormTitle());
        var formText = await form.CardTextAsync();
        var english = formText.Contains("New duty", StringComparison.Ordinal);
        string T(string zh, string en) => english ? en : zh;

        // Due in a few minutes, today in the user's zone (named on the form): its due-day reminder goes out at once.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneOnForm().Match(formText).Groups[1].Value);
        var due = await DueLaterTodayAsync(teams.Page, zone);
        var suffix = due.ToString("HHmmss", CultureInfo.InvariantCulture);
        var title = "交党费" + suffix;
        await form.FillAsync(T("任务名称", "Title"), title);
        await form.ChooseAsync(T("责任领导", "Leader"), "Alex Wilber");
        await form.FillDateAsync(T("截止日期", "Deadline date"), DateOnly.FromDateTime(due.DateTime));
        await form.FillTimeAsync(T("截止时间", "Deadline time"), TimeOnly.FromDateTime(due.DateTime));
        var before = await chat.BotMessages.CountAsync();
        await form.ClickAndWaitForUpdateAsync(T("创建", "Create"), T("已创建任务 #", "created"));

        var reminder = await chat.WaitForBotCardAsync(before, new Regex($"(今天截止|Due today)[\\s\\S]*{Regex.Escape(title)}"));
        await reminder.Button(T("完成", "Done")).ClickAsync();
        await reminder.FillAsync(T("完成情况说明（佐证）", "What was done (evidence)"), "已在支部大会上收齐");
        await reminder.ClickAndWaitForUpdateAsync(T("确认完成", "Mark done"), T("已完成，谢谢！", "Done — thank you!"));
        await reminder.WaitForTextAsync("已在支部大会上收齐");

        // A second duty, imported with a deadline a minute or two away (the import refuses past deadlines), is
        // overdue once that passes; the leader's view then lists it and not the one just done.
        var late = "报送材料" + suffix;
        var lateDue = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).AddMinutes(2);
        var dueLate = lateDue.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var import = await chat.WaitForBotCardAsync(await chat.SendOnlyAsync("导入任务"), ImportTitle());
        await import.FillAsync(T("或粘贴 CSV 内容", "Or paste CSV"), $"title,owner,leader,due\n{late},{PlaygroundApi.UserId},{PlaygroundApi.UserId},{dueLate}");
        var importAnswered = teams.Page.WaitForResponseAsync(r => r.Url.Contains("/_conversation/v1/invoke", StringComparison.Ordinal));
        await import.Button(T("导入", "Import")).ClickAsync();
        Assert.True((await importAnswered).Ok, "The import was not answered.");

        var lateBy = lateDue.AddSeconds(-lateDue.Second).AddSeconds(5) - TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        if (lateBy > TimeSpan.Zero)
        {
            await Task.Delay(lateBy);
        }

        var overdue = await chat.WaitForBotCardAsync(await chat.SendOnlyAsync("逾期"), new Regex(Regex.Escape(late)));
        var overdueText = await overdue.CardTextAsync();
        Assert.Contains(T("逾期任务", "Overdue duties"), overdueText, StringComparison.Ordinal);
        Assert.DoesNotContain(title, overdueText, StringComparison.Ordinal);
    });

    /// <summary>
    /// Now plus five minutes in <paramref name="zone"/>, but still today: the due-day reminder is for a duty due
    /// today. In the last minutes before midnight it waits for the next day.
    /// </summary>
    private static async Task<DateTimeOffset> DueLaterTodayAsync(IPage page, TimeZoneInfo zone)
    {
        while (true)
        {
            var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
            var due = now.AddMinutes(5);
            if (due.Date == now.Date)
            {
                return due;
            }

            if (now.TimeOfDay < new TimeSpan(23, 57, 0))
            {
                return new DateTimeOffset(now.Date.AddHours(23).AddMinutes(59), now.Offset);
            }

            await page.WaitForTimeoutAsync(5_000);
        }
    }

    [GeneratedRegex("新建任务|New duty")]
    private static partial Regex FormTitle();

    [GeneratedRegex("导入任务|Import duties")]
    private static partial Regex ImportTitle();

    // "时间按 Asia/Shanghai 时区计算。" / "Times are in Asia/Shanghai."
    [GeneratedRegex(@"(?:Times are in |时间按 ?)([A-Za-z_/+\-0-9]+)")]
    private static partial Regex ZoneOnForm();
}
