using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// Changing what was announced: "修改会议 12" / the card's button opens the form filled in (title, type, place,
/// times; a later start is a postponement), "取消会议 12" calls the meeting off. The organiser, the branch's
/// secretaries and admins may; the meeting's chat is told once (a repeated submit changes nothing) and the
/// shared card follows. A cancelled meeting takes no answers and never counts in statistics or rates.
/// </summary>
internal sealed partial class MeetingChangeHandlers(
    MeetingStore store,
    MeetingCards cards,
    MeetingAccess access,
    MeetingPicker picker,
    MeetingCardRefresher refresher,
    ProactiveMessenger messenger,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<AttendanceOptions> options,
    IOptions<BotOptions> botOptions,
    TimeProvider clock,
    ILogger<MeetingChangeHandlers> logger)
{
    /// <summary>"修改会议 12" / "改期 12" / "edit meeting 12": the form with the meeting's values.</summary>
    public async Task EditCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (await picker.PickAsync(turn, arguments, AttendanceVerbs.Edit, cancellationToken) is not { } meeting)
        {
            return;
        }

        if (Refusal(meeting) is { } refusal)
        {
            await turn.SendTextAsync(refusal, cancellationToken);
            return;
        }

        await turn.SendCardAsync(EditForm(turn, meeting, MeetingForm.Of(meeting, turn.TimeZone), []), cancellationToken, text["EditHeading", meeting.Id]);
    }

    /// <summary>"取消会议 12" / "cancel meeting 12": the meeting card's cancel prompt, as its own card.</summary>
    public async Task CancelCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (await picker.PickAsync(turn, arguments, AttendanceVerbs.Refresh, cancellationToken) is not { } meeting)
        {
            return;
        }

        if (Refusal(meeting) is { } refusal)
        {
            await turn.SendTextAsync(refusal, cancellationToken);
            return;
        }

        await turn.SendCardAsync(await access.PersonalCardAsync(turn, meeting, text["CancelHowTo"], false, cancellationToken), cancellationToken);
    }

    public Task<CardResult> EditAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        ManagedAsync(turn, action, async meeting => await MeetingAccess.ShowAsync(turn, action, EditForm(turn, meeting, MeetingForm.Of(meeting, turn.TimeZone), []), cancellationToken), cancellationToken);

    /// <summary>The edit form submitted: checked like a new meeting; shown again with the problems, or saved and announced.</summary>
    public Task<CardResult> SaveAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        ManagedAsync(turn, action, async meeting =>
        {
            var form = MeetingForm.From(action.Data);
            var (draft, errors) = form.Validate(turn.TimeZone, clock.GetUtcNow(), meeting);
            if (draft is null)
            {
                return CardResult.Replace(EditForm(turn, meeting, form, errors));
            }

            // An answer-by time that was simply the start follows the start when the meeting moves.
            var respondBy = draft.RespondBy == meeting.RespondBy && meeting.RespondBy == meeting.StartsAt ? draft.StartsAt : draft.RespondBy;
            var changed = new Meeting
            {
                Id = meeting.Id, Type = draft.Type, IsVoting = draft.IsVoting, Title = draft.Title, Place = draft.Place,
                StartsAt = draft.StartsAt, EndsAt = draft.EndsAt, RespondBy = respondBy,
                CheckInOpensAt = draft.StartsAt - options.Value.CheckInOpensBefore,
            };
            if (!await store.EditAsync(changed, turn.User.Id, cancellationToken))
            {
                var now = await store.FindAsync(meeting.Id, cancellationToken) ?? meeting;
                return CardResult.Text(Refusal(now) ?? text["EditNothingChanged"]);
            }

            var saved = await store.FindAsync(meeting.Id, cancellationToken) ?? meeting;
            var moved = saved.StartsAt != meeting.StartsAt || saved.EndsAt != meeting.EndsAt;
            refresher.MarkDirty(saved);
            LogEdited(logger, saved.Id, moved);
            await TellAsync(turn, saved, () => Notice(saved, moved ? text["PostponedTitle", saved.Title].Value : text["EditedTitle", saved.Title].Value,
                moved ? text["PostponedText", MeetingCards.Span(meeting, Zone(saved))].Value : text["EditedText"].Value), cancellationToken);
            return CardResult.Replace(await access.PersonalCardAsync(turn, saved, moved ? text["PostponedDone"] : text["EditedDone"], false, cancellationToken));
        }, cancellationToken);

    public Task<CardResult> CancelAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        ManagedAsync(turn, action, async meeting =>
        {
            if (Refusal(meeting) is { } refusal)
            {
                return CardResult.Text(refusal);
            }

            if (!await store.CancelAsync(meeting.Id, turn.User.Id, action.GetString("cancelReason"), cancellationToken))
            {
                // A second click, a duplicate delivery or another secretary first: nobody is told twice.
                var now = await store.FindAsync(meeting.Id, cancellationToken) ?? meeting;
                return CardResult.Text(Refusal(now) ?? text["RefusedCancelled"]);
            }

            var cancelled = await store.FindAsync(meeting.Id, cancellationToken) ?? meeting;
            refresher.MarkDirty(cancelled);
            LogCancelled(logger, cancelled.Id);
            await TellAsync(turn, cancelled, () => Notice(cancelled, text["CancelledTitle", cancelled.Title].Value,
                cancelled.CancelReason is { Length: > 0 } why ? text["CancelledTextReason", why].Value : text["CancelledText"].Value), cancellationToken);
            return await MeetingAccess.ShowAsync(turn, action, await access.PersonalCardAsync(turn, cancelled, text["CancelledDone"], false, cancellationToken), cancellationToken);
        }, cancellationToken);

    private string? Refusal(Meeting meeting) =>
        meeting.CancelledAt is not null ? text["RefusedCancelled"].Value
        : meeting.ClosedAt is not null ? text["AlreadyClosed"].Value
        : null;

    private JsonObject EditForm(BotTurn turn, Meeting meeting, MeetingForm values, IReadOnlyList<string> errors) =>
        cards.Form(values, errors, [], turn.TimeZone, meeting);

    private TimeZoneInfo Zone(Meeting meeting) => TimeZones.FindOr(meeting.TimeZone, botOptions.Value.DefaultTimeZone);

    /// <summary>The card telling the meeting's chat what changed: the meeting as it now stands.</summary>
    private JsonObject Notice(Meeting meeting, string title, string line)
    {
        var zone = Zone(meeting);
        List<ReportFact> facts = [new(text["FactTime"], MeetingCards.Span(meeting, zone))];
        if (meeting.Place.Length > 0)
        {
            facts.Add(new(text["FactPlace"], meeting.Place));
        }

        facts.Add(new(text["FactNumber"], "#" + meeting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return cards.Render(new Report(title, cards.TypeLabel(meeting.Type), [ReportSection.OfFacts(null, facts), ReportSection.OfLines(null, new ReportLine(line))], null, [],
            meeting.CancelledAt is null ? [new ReportButton(text["ButtonOpenMeeting"], AttendanceVerbs.Refresh, meeting.Id)] : []));
    }

    /// <summary>One message in the meeting's chat, in the language of its card: here when the change was made there, proactively otherwise.</summary>
    private async Task TellAsync(BotTurn turn, Meeting meeting, Func<JsonObject> card, CancellationToken cancellationToken)
    {
        using var _ = BotCulture.Use(BotCulture.FromLocale(meeting.Locale));
        var notice = card();
        try
        {
            if (OrgDirectory.WithoutThread(turn.Activity.Conversation!.Id!) == meeting.ConversationId)
            {
                await turn.SendCardAsync(notice, cancellationToken, meeting.Title);
            }
            else
            {
                await messenger.SendToConversationAsync(meeting.ConversationId, new Activity { Type = ActivityTypes.Message, Summary = meeting.Title, Attachments = [Attachment.AdaptiveCard(notice)] }, cancellationToken);
            }
        }
        catch (Exception e) when (e is RecipientUnreachableException or ConnectorException)
        {
            // The change is saved and the shared card follows; only this notice is lost.
            LogUnreachable(logger, e, meeting.Id);
        }
    }

    private async Task<CardResult> ManagedAsync(BotTurn turn, CardAction action, Func<Meeting, Task<CardResult>> work, CancellationToken cancellationToken)
    {
        var meeting = await access.MeetingOfAsync(action, cancellationToken);
        if (meeting is null)
        {
            return CardResult.Text(text["MeetingNotFound"]);
        }

        if (!await access.IsManagerAsync(meeting, turn.User.Id, cancellationToken))
        {
            return CardResult.Text(text["OnlyManagers"]);
        }

        return await work(meeting);
    }

    [LoggerMessage(EventId = 2050, Level = LogLevel.Information, Message = "Meeting {MeetingId} changed (moved: {Moved})")]
    private static partial void LogEdited(ILogger logger, long meetingId, bool moved);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Information, Message = "Meeting {MeetingId} cancelled")]
    private static partial void LogCancelled(ILogger logger, long meetingId);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Information, Message = "The change notice of meeting {MeetingId} could not be posted")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, long meetingId);
}
