using System.Globalization;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// Editing and cancelling a duty: duty.edit opens the new-duty form filled with the duty, duty.save checks and
/// saves it, duty.cancel asks for confirmation and then cancels; 取消任务 12 / cancel duty 12 asks the same.
/// Only the duty's creator, its leader and the scope's secretaries (admins) may; others are told so.
/// </summary>
internal sealed class DutyEditActions(
    DutyWorkflow workflow,
    DutyEditor editor,
    DutyFormReader formReader,
    DutyCommands commands,
    DutyCards cards,
    DutyViews views,
    DutyPeople people,
    ReminderScheduler scheduler,
    IStringLocalizer<DutiesStrings> text)
{
    public async Task<CardResult> EditAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var (duty, refusal) = await FindEditableAsync(ParseId(action.GetString("dutyId")), turn, cancellationToken);
        if (duty is null)
        {
            return CardResult.Text(refusal!);
        }

        var (people, ownerId, leaderId) = await AssigneesAsync(turn, duty, cancellationToken);
        var values = DutyCards.FormValues(duty, ownerId, leaderId, turn.TimeZone);
        return CardResult.Replace(cards.Form(turn.Scope.Id, people, values, null, null, turn.TimeZone.Id, duty.Id));
    }

    public async Task<CardResult> SaveAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var (duty, refusal) = await FindEditableAsync(ParseId(action.GetString("dutyId")), turn, cancellationToken);
        if (duty is null)
        {
            return CardResult.Text(refusal!);
        }

        var form = await formReader.ReadAsync(turn, action, duty.DueAt, cancellationToken);
        if (form.Draft is not { } draft)
        {
            var (people, _, _) = await AssigneesAsync(turn, duty, cancellationToken);
            return CardResult.Replace(cards.Form(turn.Scope.Id, people, action.Data, form.Error, null, turn.TimeZone.Id, duty.Id));
        }

        // Learning a newly picked person clears the change tracker (OrgDirectory): edit a tracked copy.
        duty = await workflow.FindAsync(duty.Id, cancellationToken) ?? duty;
        var changes = await editor.EditAsync(duty, turn.User.Id, draft, cancellationToken);
        scheduler.Wake();
        var notice = changes.Count == 0 ? text["EditNothing"] : text["EditSaved"];
        return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, notice, cancellationToken) ?? []);
    }

    /// <summary>First press: the confirmation card; "confirm" on it cancels; "back" (duty.view) shows the duty again.</summary>
    public async Task<CardResult> CancelAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var (duty, refusal) = await FindEditableAsync(ParseId(action.GetString("dutyId")), turn, cancellationToken);
        if (duty is null)
        {
            return CardResult.Text(refusal!);
        }

        if (action.GetString("confirmed") != "yes")
        {
            return CardResult.Replace(await ConfirmationAsync(duty, turn, cancellationToken));
        }

        await editor.CancelAsync(duty, turn.User.Id, turn.User.Name, cancellationToken);
        scheduler.Wake();
        return CardResult.Replace(await commands.ItemCardAsync(turn, duty.Id, text["CancelledNotice", duty.Id], cancellationToken) ?? []);
    }

    /// <summary>取消任务 12 / cancel duty 12: the same confirmation card as the button, so a mistyped number cancels nothing.</summary>
    public async Task CancelCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var id = ParseId(arguments.TrimStart('#', ' '));
        if (id == 0)
        {
            await turn.SendTextAsync(text["CancelUsage"], cancellationToken);
            return;
        }

        var (duty, refusal) = await FindEditableAsync(id, turn, cancellationToken);
        if (duty is null)
        {
            await turn.SendTextAsync(refusal!, cancellationToken);
            return;
        }

        await turn.SendCardAsync(await ConfirmationAsync(duty, turn, cancellationToken), cancellationToken);
    }

    /// <summary>The duty when the speaker may edit it and it is still open; otherwise why not.</summary>
    private async Task<(Duty? Duty, string? Refusal)> FindEditableAsync(long id, BotTurn turn, CancellationToken cancellationToken)
    {
        var duty = await workflow.FindAsync(id, cancellationToken);
        if (duty is null || !await views.MaySeeAsync(duty, turn.User.Id, turn.Scope.Id, cancellationToken))
        {
            return (null, text["NotFound", id]);
        }

        if (!await views.MayEditAsync(duty, turn.User.Id, cancellationToken))
        {
            return (null, text["OnlyEditors"]);
        }

        return duty.IsOpen ? (duty, null)
            : (null, duty.Status == DutyStatus.Cancelled ? text["AlreadyCancelled"] : text["AlreadyDone"]);
    }

    private async Task<(IReadOnlyList<Person> People, string OwnerId, string? LeaderId)> AssigneesAsync(BotTurn turn, Duty duty, CancellationToken cancellationToken) =>
        await people.WithAssigneesAsync(await DutyPeople.CandidatesAsync(turn, cancellationToken), duty, cancellationToken);

    private async Task<System.Text.Json.Nodes.JsonObject> ConfirmationAsync(Duty duty, BotTurn turn, CancellationToken cancellationToken) =>
        cards.CancelConfirmation((await views.ViewsAsync([duty], turn.TimeZone, cancellationToken))[0]);

    private static long ParseId(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
}
