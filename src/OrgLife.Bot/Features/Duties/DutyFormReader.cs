using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;

namespace OrgLife.Bot.Features.Duties;

/// <summary>The form's values checked: a draft to save, or the message the form shows (nothing saved).</summary>
internal sealed record DutyFormResult(DutyDraft? Draft, string? Error);

/// <summary>Reads the duty form, the same for a new duty (duty.create) and an edit (duty.save).</summary>
internal sealed class DutyFormReader(DutyPeople people, IStringLocalizer<DutiesStrings> text, TimeProvider clock)
{
    /// <param name="currentDue">
    /// The edited duty's deadline. Left as it is it may lie in the past: correcting the title of an overdue duty
    /// must not demand a new deadline. A deadline that is entered must be in the future.
    /// </param>
    public async Task<DutyFormResult> ReadAsync(BotTurn turn, CardAction action, DateTimeOffset? currentDue, CancellationToken cancellationToken)
    {
        var title = action.GetString("title");
        if (title is null || title.Length > 200)
        {
            return Problem("FormNeedsTitle");
        }

        var ownerId = action.GetString("owner") is { } ownerTeamsId ? await people.ResolveTeamsIdAsync(turn, ownerTeamsId, cancellationToken) : null;
        if (ownerId is null)
        {
            return Problem("FormNeedsOwner");
        }

        long leaderId = 0;
        if (action.GetString("leader") is { } leaderTeamsId)
        {
            leaderId = await people.ResolveTeamsIdAsync(turn, leaderTeamsId, cancellationToken) ?? -1;
            if (leaderId < 0)
            {
                return Problem("FormUnknownLeader");
            }
        }

        var dueText = (action.GetString("dueDate") ?? "") + " " + (action.GetString("dueTime") ?? "18:00");
        if (DutyImport.ParseDue(dueText.Trim(), turn.TimeZone) is not { } due)
        {
            return Problem("FormBadDue");
        }

        var unchanged = currentDue is { } current && Math.Abs((due - current).TotalMinutes) < 1;
        if (due < clock.GetUtcNow() && !unchanged)
        {
            return Problem("FormDueInPast");
        }

        var recurrence = DutyImport.ParseRecurrence(action.GetString("recurrence") ?? "") ?? RecurrenceKind.None;
        return new DutyFormResult(
            new DutyDraft(title, action.GetString("detail") ?? "", action.GetString("category") ?? "", ownerId.Value, leaderId, due, turn.TimeZone.Id, recurrence),
            null);
    }

    private DutyFormResult Problem(string key) => new(null, text[key].Value);
}
