using System.Globalization;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// The meeting record (会议记录) after the meeting: "会议记录 12" or the card's button opens the form (议题, 主持人, 记录人,
/// minutes, decisions; 应到/实到 and absentees come from the roster); the organiser, a secretary or the chosen recorder
/// fill it in; the .docx comes behind a one-time link. Also who is a 预备党员 (no vote in a voting meeting's quorum).
/// </summary>
internal sealed partial class RecordHandlers(
    MeetingStore meetings,
    RecordStore records,
    AttachmentStore attachments,
    RecordCards recordCards,
    MinutesDocument document,
    PrivateDownloads downloads,
    MeetingAccess access,
    OrgDirectory directory,
    IStringLocalizer<AttendanceStrings> text,
    TimeProvider clock,
    ILogger<RecordHandlers> logger)
{
    /// <summary>"会议记录 12" / "minutes 12".</summary>
    public async Task RecordCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (!long.TryParse(arguments.Trim().TrimStart('#', '＃'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await turn.SendTextAsync(text["RecordNeedNumber"], cancellationToken);
            return;
        }

        var meeting = await meetings.FindAsync(id, cancellationToken);
        if (meeting is null)
        {
            await turn.SendTextAsync(text["MeetingNotFound"], cancellationToken);
            return;
        }

        var view = await ViewAsync(meeting, cancellationToken);
        if (await RefusalAsync(turn, view, cancellationToken) is { } refusal)
        {
            await turn.SendTextAsync(refusal, cancellationToken);
            return;
        }

        await turn.SendCardAsync(recordCards.Form(view, MeetingRecordForm.Of(view.Record), [], null, turn.TimeZone), cancellationToken, text["RecordHeading", meeting.Title]);
    }

    public Task<CardResult> OpenAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        WithRecordAsync(turn, action, async view =>
            await MeetingAccess.ShowAsync(turn, action, recordCards.Form(view, MeetingRecordForm.Of(view.Record), [], null, turn.TimeZone), cancellationToken), cancellationToken);

    /// <summary>The form submitted: shown again with the problems and the typed values, or saved.</summary>
    public Task<CardResult> SaveAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        WithRecordAsync(turn, action, async view =>
        {
            var form = MeetingRecordForm.From(action.Data);
            var (record, errors) = form.Validate(view.Meeting.Id, view.People.Select(p => p.UserId).ToHashSet());
            if (record is null)
            {
                return CardResult.Replace(recordCards.Form(view, form, errors, null, turn.TimeZone));
            }

            await records.SaveAsync(record, turn.User.Id, cancellationToken);
            LogSaved(logger, view.Meeting.Id);
            var saved = await ViewAsync(view.Meeting, cancellationToken);
            return CardResult.Replace(recordCards.Form(saved, MeetingRecordForm.Of(saved.Record), [], text["RecordSaved"], turn.TimeZone));
        }, cancellationToken);

    /// <summary>The Word record behind a one-time link, sent privately.</summary>
    public Task<CardResult> DocumentAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        WithRecordAsync(turn, action, async view =>
        {
            var bytes = document.Write(view, turn.TimeZone);
            var name = string.Create(CultureInfo.InvariantCulture, $"meeting-{view.Meeting.Id}-record.docx");
            var (message, _) = await downloads.SendAsync(turn, text["RecordHeading", view.Meeting.Title], text["RecordDocumentText", downloads.LinkMinutes],
                [new DownloadFile(name, MinutesDocument.ContentType, bytes, text["ButtonRecordDocument"])], cancellationToken);
            return CardResult.Text(message);
        }, cancellationToken);

    /// <summary>"设为预备党员 @某人" / "设为正式党员 @某人" (secretaries): a probationary member has no vote.</summary>
    public Task ProbationaryCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken) => MarkAsync(turn, true, cancellationToken);

    public Task FullMemberCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken) => MarkAsync(turn, false, cancellationToken);

    private async Task MarkAsync(BotTurn turn, bool probationary, CancellationToken cancellationToken)
    {
        if (turn.IsPersonal)
        {
            await turn.SendTextAsync(text["MembersInGroupOnly"], cancellationToken);
            return;
        }

        if (!await access.IsSecretaryAsync(turn.Scope.Id, turn.User.Id, cancellationToken))
        {
            await turn.SendTextAsync(text["OnlySecretaryMarks"], cancellationToken);
            return;
        }

        if (turn.Mentions.Count == 0)
        {
            await turn.SendTextAsync(text["MarkNeedsMention"], cancellationToken);
            return;
        }

        var names = new List<string>();
        foreach (var mentioned in turn.Mentions)
        {
            var person = await directory.EnsureUserAsync(mentioned, turn.Activity.TenantId, null, null, cancellationToken);
            await records.SetProbationaryAsync(turn.Scope.Id, person.Id, probationary, cancellationToken);
            names.Add(person.Name);
        }

        await turn.SendTextAsync(text[probationary ? "MarkedProbationary" : "MarkedFull", string.Join(text["NameSeparator"], names)], cancellationToken);
    }

    private async Task<RecordView> ViewAsync(Meeting meeting, CancellationToken cancellationToken) =>
        new(meeting, await records.FindAsync(meeting.Id, cancellationToken), await meetings.RosterAsync(meeting.Id, cancellationToken),
            await records.ProbationaryAsync(meeting.ScopeId, cancellationToken), await attachments.ListAsync(meeting.Id, cancellationToken));

    /// <summary>Null when the turn's user may fill this record now; otherwise why not.</summary>
    private async Task<string?> RefusalAsync(BotTurn turn, RecordView view, CancellationToken cancellationToken)
    {
        if (view.Meeting.CancelledAt is not null)
        {
            return text["RefusedCancelled"].Value;
        }

        if (!await access.IsManagerAsync(view.Meeting, turn.User.Id, cancellationToken) && view.Record?.RecorderUserId != turn.User.Id)
        {
            return text["OnlyRecorder"].Value;
        }

        return clock.GetUtcNow() < view.Meeting.StartsAt ? text["RecordNotStarted", MeetingCards.Local(view.Meeting.StartsAt, turn.TimeZone)].Value : null;
    }

    private async Task<CardResult> WithRecordAsync(BotTurn turn, CardAction action, Func<RecordView, Task<CardResult>> work, CancellationToken cancellationToken)
    {
        var meeting = await access.MeetingOfAsync(action, cancellationToken);
        if (meeting is null)
        {
            return CardResult.Text(text["MeetingNotFound"]);
        }

        var view = await ViewAsync(meeting, cancellationToken);
        return await RefusalAsync(turn, view, cancellationToken) is { } refusal ? CardResult.Text(refusal) : await work(view);
    }

    [LoggerMessage(EventId = 2070, Level = LogLevel.Information, Message = "The record of meeting {MeetingId} was saved")]
    private static partial void LogSaved(ILogger logger, long meetingId);
}
