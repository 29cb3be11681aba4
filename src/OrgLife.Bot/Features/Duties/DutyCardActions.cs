using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// The card verbs (duty.*). Every answer replaces the card in place with the duty's new state, or keeps the
/// entered values and shows what is wrong on the form.
/// </summary>
internal sealed class DutyCardActions(
    BotDbContext db,
    DutyWorkflow workflow,
    DutyCommands commands,
    DutyCards cards,
    DutyViews views,
    DutyFormReader formReader,
    DutyImporter importer,
    DutySchedule schedule,
    ReminderScheduler scheduler,
    RoleService roles,
    IStringLocalizer<DutiesStrings> text,
    TimeProvider clock)
{
    public async Task<CardResult> CreateAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        if (!await commands.MayPlanAsync(turn, cancellationToken))
        {
            return CardResult.Text(text["OnlySecretaryOrLeader"]);
        }

        var candidates = await DutyPeople.CandidatesAsync(turn, cancellationToken);
        var form = await formReader.ReadAsync(turn, action, null, cancellationToken);
        if (form.Draft is not { } draft)
        {
            return CardResult.Replace(cards.Form(turn.Scope.Id, candidates, action.Data, form.Error, null, turn.TimeZone.Id));
        }

        var duty = (await workflow.CreateAsync(turn.Scope.Id, turn.User.Id, [draft], DutyWorkflow.Created, cancellationToken))[0];
        scheduler.Wake();
        return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, text["Created", duty.Id], cancellationToken) ?? cards.Form(turn.Scope.Id, candidates, null, null, null, turn.TimeZone.Id));
    }

    public async Task<CardResult> ViewAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        await commands.ItemCardAsync(turn, ParseId(action), null, cancellationToken) is { } card
            ? CardResult.Replace(card)
            : CardResult.Text(text["NotFound", ParseId(action)]);

    public Task<CardResult> DoneAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        OwnerActionAsync(turn, action, async duty =>
        {
            var (changed, next) = await workflow.CompleteAsync(duty, turn.User.Id, action.GetString("evidence"), cancellationToken);
            return !changed ? text["AlreadyDone"] : next is null ? text["DoneNotice"] : text["DoneNextNotice", next.Id, DutyCards.Format(LocalTime.ToLocal(next.DueAt, turn.TimeZone))];
        }, cancellationToken);

    public Task<CardResult> HelpAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        OwnerActionAsync(turn, action, async duty =>
        {
            if (duty.LeaderUserId == 0)
            {
                return text["NoLeader"];
            }

            await workflow.RequestHelpAsync(duty, turn.User.Id, action.GetString("helpMessage"), cancellationToken);
            return text["HelpSent"];
        }, cancellationToken);

    public async Task<CardResult> ExtendAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var duty = await workflow.FindAsync(ParseId(action), cancellationToken);
        if (duty is null || duty.OwnerUserId != turn.User.Id && !await views.MayManageAsync(duty, turn.User.Id, cancellationToken))
        {
            return CardResult.Text(text["NotYours"]);
        }

        if (!duty.IsOpen)
        {
            return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, ClosedNotice(duty), cancellationToken) ?? []);
        }

        var dueLocal = LocalTime.ToLocal(duty.DueAt, turn.TimeZone);
        var proposed = DutyImport.ParseDue((action.GetString("newDueDate") ?? "") + " " + dueLocal.ToString("HH:mm", CultureInfo.InvariantCulture), turn.TimeZone);
        if (proposed is null || proposed <= duty.DueAt)
        {
            return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, null, cancellationToken, text["ExtendNeedsLaterDate"], action.Data) ?? []);
        }

        if (duty.LeaderUserId == 0)
        {
            return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, null, cancellationToken, text["NoLeader"], action.Data) ?? []);
        }

        var changed = await workflow.RequestExtensionAsync(duty, turn.User.Id, proposed.Value, action.GetString("reason"), cancellationToken);
        scheduler.Wake();
        return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, changed ? text["ExtendSent"] : text["ExtendAlreadySent"], cancellationToken) ?? []);
    }

    public Task<CardResult> SnoozeAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        OwnerActionAsync(turn, action, async duty =>
        {
            var until = await workflow.SnoozeAsync(duty, turn.User.Id, cancellationToken);
            return text["Snoozed", DutyCards.Format(LocalTime.ToLocal(until, turn.TimeZone))];
        }, cancellationToken);

    public Task<CardResult> ApproveAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) => AnswerAsync(turn, action, approve: true, cancellationToken);

    public Task<CardResult> DeclineAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) => AnswerAsync(turn, action, approve: false, cancellationToken);

    private async Task<CardResult> AnswerAsync(BotTurn turn, CardAction action, bool approve, CancellationToken cancellationToken)
    {
        var duty = await workflow.FindAsync(ParseId(action), cancellationToken);
        if (duty is null || !await views.MayManageAsync(duty, turn.User.Id, cancellationToken))
        {
            return CardResult.Text(text["OnlyLeader"]);
        }

        var changed = await workflow.AnswerExtensionAsync(duty, turn.User.Id, approve, cancellationToken);
        scheduler.Wake();
        var notice = !changed ? text["NoOpenRequest"] : approve ? text["ApprovedNotice"] : text["DeclinedNotice"];
        return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, notice, cancellationToken) ?? []);
    }

    public async Task<CardResult> ImportAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        if (!await commands.MayPlanAsync(turn, cancellationToken))
        {
            return CardResult.Text(text["OnlySecretaryOrLeader"]);
        }

        byte[]? content;
        if (action.GetString("url") is { } url)
        {
            (content, var error) = await importer.DownloadAsync(url, cancellationToken);
            if (error is not null)
            {
                return CardResult.Replace(cards.Import([], error, action.Data));
            }
        }
        else if (action.GetString("csv") is { } csv)
        {
            content = System.Text.Encoding.UTF8.GetBytes(csv);
        }
        else
        {
            return CardResult.Replace(cards.Import([], text["ImportNothing"], action.Data));
        }

        var outcome = await importer.ImportAsync(turn, content!, cancellationToken);
        scheduler.Wake();
        return outcome.Error is not null
            ? CardResult.Replace(cards.Import(outcome.Problems, outcome.Error, action.Data))
            : CardResult.Text(text["ImportDone", outcome.Imported]);
    }

    public async Task<CardResult> SettingsAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        if (!await roles.HasAsync(turn.Scope.Id, turn.User.Id, Role.Secretary, cancellationToken))
        {
            return CardResult.Text(text["OnlySecretary"]);
        }

        var policy = await schedule.PolicyAsync(turn.Scope.Id, cancellationToken);
        var days = ReminderPolicy.ParseDays(action.GetString("daysBefore") ?? "");
        var remindAt = ParseTime(action.GetString("remindAt"));
        var quietFrom = ParseTime(action.GetString("quietFrom"));
        var quietUntil = ParseTime(action.GetString("quietUntil"));
        var repeats = ParseInt(action.GetString("overdueRepeats"), 0, 30);
        var escalate = ParseInt(action.GetString("escalateAfterDays"), 0, 60);
        var errorKey = days is null ? "SettingsBadDays"
            : remindAt is null || quietFrom is null || quietUntil is null ? "SettingsBadTime"
            : repeats is null ? "SettingsBadRepeats"
            : escalate is null ? "SettingsBadEscalate"
            : (policy with { QuietFrom = quietFrom.Value, QuietUntil = quietUntil.Value }).IsQuiet(remindAt.Value) ? "SettingsRemindInQuiet"
            : null;
        var error = errorKey is null ? null : text[errorKey].Value;
        if (error is not null)
        {
            return CardResult.Replace(cards.Settings(policy, action.Data, error, null));
        }

        var stored = await db.Set<DutyPolicyOverride>().FirstOrDefaultAsync(p => p.ScopeId == turn.Scope.Id, cancellationToken);
        if (stored is null)
        {
            stored = new DutyPolicyOverride { ScopeId = turn.Scope.Id };
            db.Set<DutyPolicyOverride>().Add(stored);
        }

        stored.DaysBefore = string.Join(",", days!);
        stored.RemindAt = remindAt;
        stored.QuietFrom = quietFrom;
        stored.QuietUntil = quietUntil;
        stored.OverdueRepeats = repeats;
        stored.EscalateAfterDays = escalate;
        stored.SkipWeekends = !string.Equals(action.GetString("skipWeekends"), "false", StringComparison.OrdinalIgnoreCase);
        stored.UpdatedByUserId = turn.User.Id;
        stored.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var updated = await schedule.PolicyAsync(turn.Scope.Id, cancellationToken);
        // Reminders already planned keep their time; new deadlines (and extensions) follow the new policy.
        return CardResult.Replace(cards.Settings(updated, null, null, text["SettingsSaved"]));
    }

    private async Task<CardResult> OwnerActionAsync(BotTurn turn, CardAction action, Func<Duty, Task<string>> change, CancellationToken cancellationToken)
    {
        var duty = await workflow.FindAsync(ParseId(action), cancellationToken);
        if (duty is null || duty.OwnerUserId != turn.User.Id && !await views.MayManageAsync(duty, turn.User.Id, cancellationToken))
        {
            return CardResult.Text(text["NotYours"]);
        }

        var notice = duty.IsOpen ? await change(duty) : ClosedNotice(duty);
        scheduler.Wake();
        return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, notice, cancellationToken) ?? []);
    }

    // An old reminder card clicked after the duty was closed: say which way it was closed.
    private string ClosedNotice(Duty duty) => duty.Status == DutyStatus.Cancelled ? text["AlreadyCancelled"] : text["AlreadyDone"];

    private static long ParseId(CardAction action) =>
        long.TryParse(action.GetString("dutyId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;

    private static TimeSpan? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value ?? "", ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToTimeSpan() : null;

    private static int? ParseInt(string? value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}
