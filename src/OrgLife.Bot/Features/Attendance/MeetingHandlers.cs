using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>"新建会议"/"new meeting", the form, and the buttons everyone uses: attend, leave, check in, refresh.</summary>
internal sealed partial class MeetingHandlers(
    MeetingStore store,
    MeetingCards cards,
    MeetingCardRefresher refresher,
    MeetingAccess access,
    OrgDirectory directory,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<AttendanceOptions> options,
    TimeProvider clock,
    ILogger<MeetingHandlers> logger)
{
    // The form offers at most this many people to choose from; larger rosters use "everyone".
    private const int MaxChoices = 100;

    public async Task NewAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (!await access.IsSecretaryAsync(turn.Scope.Id, turn.User.Id, cancellationToken))
        {
            await turn.SendTextAsync(text["OnlySecretaryCreates"], cancellationToken);
            return;
        }

        var form = MeetingForm.Empty(turn.LocalNow(clock)) with { Title = arguments };
        var people = await ChoicesAsync(turn, cancellationToken);
        await turn.SendCardAsync(cards.Form(form, [], people, turn.TimeZone), cancellationToken, text["FormHeading"]);
    }

    public async Task<CardResult> CreateAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        if (!await access.IsSecretaryAsync(turn.Scope.Id, turn.User.Id, cancellationToken))
        {
            return CardResult.Text(text["OnlySecretaryCreates"]);
        }

        var form = MeetingForm.From(action.Data);
        var (draft, errors) = form.Validate(turn.TimeZone, clock.GetUtcNow());
        List<UserProfile> attendees = [];
        if (draft is not null)
        {
            var members = await MembersAsync(turn, int.MaxValue, cancellationToken);
            if (members is null)
            {
                errors = ["ErrorMembersUnavailable"];
            }
            else
            {
                var chosen = draft.ChosenTeamsIds.ToHashSet(StringComparer.Ordinal);
                foreach (var member in members.Where(m => draft.Everyone || chosen.Contains(m.Id!)))
                {
                    attendees.Add(await directory.EnsureUserAsync(member, turn.Activity.TenantId, null, null, cancellationToken));
                }

                if (attendees.Count == 0)
                {
                    errors = ["ErrorNoAttendees"];
                }
            }
        }

        if (draft is null || errors.Count > 0)
        {
            return CardResult.Replace(cards.Form(form, errors, await ChoicesAsync(turn, cancellationToken), turn.TimeZone));
        }

        var meeting = await store.CreateAsync(new Meeting
        {
            ScopeId = turn.Scope.Id,
            OrganizerUserId = turn.User.Id,
            Type = draft.Type,
            IsVoting = draft.IsVoting,
            CalendarToken = MeetingCalendar.NewToken(),
            Title = draft.Title,
            Place = draft.Place,
            StartsAt = draft.StartsAt,
            EndsAt = draft.EndsAt,
            RespondBy = draft.RespondBy,
            CheckInOpensAt = draft.StartsAt - options.Value.CheckInOpensBefore,
            ConversationId = OrgDirectory.WithoutThread(turn.Activity.Conversation!.Id!),
            Locale = turn.Culture.Name,
            TimeZone = turn.TimeZone.Id,
            CreatedAt = clock.GetUtcNow(),
        }, [.. attendees.Select(a => a.Id)], cancellationToken);
        var refreshIds = attendees.Take(MeetingCards.MaxRefreshUsers + 1).Select(a => a.TeamsId).ToList();
        var shared = cards.Meeting(meeting, new MeetingCounts(attendees.Count, 0, 0, 0), MeetingViewer.Shared(turn.TimeZone), clock.GetUtcNow(), refreshUserIds: refreshIds);
        var activityId = await turn.SendCardAsync(shared, cancellationToken, text["MeetingSummary", cards.TypeLabel(meeting.Type), meeting.Title]);
        await store.SetCardAsync(meeting.Id, meeting.ConversationId, activityId, cancellationToken);
        LogCreated(logger, meeting.Id, attendees.Count);
        return CardResult.Replace(cards.Render(new Report(
            text["CreatedTitle", meeting.Id].Value, text["CreatedText", cards.TypeLabel(meeting.Type), meeting.Title, MeetingCards.Span(meeting, turn.TimeZone), attendees.Count].Value, [])));
    }

    public Task<CardResult> AttendAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        AnswerAsync(turn, action, (m, ct) => store.RespondAsync(m.Id, turn.User.Id, AttendanceResponse.Attend, null, ct), "AnsweredAttend", cancellationToken);

    public Task<CardResult> LeaveAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        AnswerAsync(turn, action, (m, ct) => store.RespondAsync(m.Id, turn.User.Id, AttendanceResponse.Leave, action.GetString("reason"), ct), "AnsweredLeave", cancellationToken);

    public Task<CardResult> CheckInAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken) =>
        AnswerAsync(turn, action, (m, ct) => store.CheckInAsync(m.Id, turn.User.Id, ct), "CheckedIn", cancellationToken);

    /// <summary>The viewer's own card: automatic refresh (Teams, when the card is shown) or the refresh button.</summary>
    public async Task<CardResult> RefreshAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var meeting = await access.MeetingOfAsync(action, cancellationToken);
        if (meeting is null)
        {
            return CardResult.Text(text["MeetingNotFound"]);
        }

        return await MeetingAccess.ShowAsync(turn, action, await access.PersonalCardAsync(turn, meeting, null, false, cancellationToken), cancellationToken);
    }

    private async Task<CardResult> AnswerAsync(BotTurn turn, CardAction action, Func<Meeting, CancellationToken, Task<AnswerOutcome>> answer, string doneKey, CancellationToken cancellationToken)
    {
        var meeting = await access.MeetingOfAsync(action, cancellationToken);
        if (meeting is null)
        {
            return CardResult.Text(text["MeetingNotFound"]);
        }

        var outcome = await answer(meeting, cancellationToken);
        string message = outcome switch
        {
            AnswerOutcome.Changed => text[doneKey],
            AnswerOutcome.Unchanged => text[doneKey + "Already"],
            AnswerOutcome.NotExpected => text["NotExpected"],
            AnswerOutcome.Closed => text["RefusedClosed"],
            AnswerOutcome.Cancelled => text["RefusedCancelled"],
            AnswerOutcome.PastDeadline => text["RefusedPastDeadline", MeetingCards.Local(meeting.RespondBy, turn.TimeZone)],
            AnswerOutcome.ReasonRequired => text["ReasonRequired"],
            AnswerOutcome.CheckInNotOpen => text["CheckInNotOpen", MeetingCards.Local(meeting.CheckInOpensAt, turn.TimeZone)],
            AnswerOutcome.CheckInOver => text["CheckInOver"],
            _ => text["MeetingNotFound"],
        };
        if (outcome == AnswerOutcome.Changed)
        {
            refresher.MarkDirty(meeting);
        }

        if (!action.IsExecute)
        {
            // Action.Submit cannot show a per-person card: the message is the answer, the shared card follows.
            return CardResult.Text(message);
        }

        var isError = outcome is not (AnswerOutcome.Changed or AnswerOutcome.Unchanged);
        var current = await store.FindAsync(meeting.Id, cancellationToken) ?? meeting;
        return CardResult.Replace(await access.PersonalCardAsync(turn, current, message, isError, cancellationToken));
    }

    private async Task<IReadOnlyList<(string Id, string Name)>> ChoicesAsync(BotTurn turn, CancellationToken cancellationToken)
    {
        var members = await MembersAsync(turn, MaxChoices + 1, cancellationToken);
        return members is null || members.Count > MaxChoices ? [] : [.. members.Select(m => (m.Id!, m.Name ?? m.Id!))];
    }

    /// <summary>People of this chat or team (the bot excluded), page by page; null when the roster cannot be read.</summary>
    private async Task<List<ChannelAccount>?> MembersAsync(BotTurn turn, int max, CancellationToken cancellationToken)
    {
        var members = new List<ChannelAccount>();
        string? continuation = null;
        try
        {
            do
            {
                var page = await turn.Context.Connector.GetPagedMembersAsync(turn.Activity.ServiceUrl!, turn.Activity.Conversation!.Id!, 500, continuation, cancellationToken);
                members.AddRange(page.Members.Where(m => m.Id is { Length: > 0 } id && id != turn.Activity.Recipient?.Id && !id.StartsWith("28:", StringComparison.Ordinal))
                    .Select(m => new ChannelAccount { Id = m.Id, Name = m.Name, AadObjectId = m.AadObjectId ?? m.ObjectId }));
                continuation = page.ContinuationToken;
            }
            while (continuation is { Length: > 0 } && members.Count < max);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMembersFailed(logger, e);
            return null;
        }

        return [.. members.DistinctBy(m => m.Id, StringComparer.Ordinal)];
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Meeting {MeetingId} created with {Attendees} expected attendees")]
    private static partial void LogCreated(ILogger logger, long meetingId, int attendees);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "The members of the conversation could not be read")]
    private static partial void LogMembersFailed(ILogger logger, Exception exception);
}

/// <summary>Finding a meeting from a card action, role checks on it, and the viewer's own card.</summary>
internal sealed class MeetingAccess(MeetingStore store, MeetingCards cards, RoleService roles, TimeProvider clock)
{
    public Task<bool> IsSecretaryAsync(long scopeId, long userId, CancellationToken cancellationToken) =>
        roles.HasAsync(scopeId, userId, Role.Secretary, cancellationToken);

    /// <summary>The organiser and the scope's secretaries (and admins) close, export and remind.</summary>
    public async Task<bool> IsManagerAsync(Meeting meeting, long userId, CancellationToken cancellationToken) =>
        meeting.OrganizerUserId == userId || await IsSecretaryAsync(meeting.ScopeId, userId, cancellationToken);

    public async Task<Meeting?> MeetingOfAsync(CardAction action, CancellationToken cancellationToken) =>
        long.TryParse(action.GetString("meetingId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? await store.FindAsync(id, cancellationToken) : null;

    public async Task<JsonObject> PersonalCardAsync(BotTurn turn, Meeting meeting, string? notice, bool isError, CancellationToken cancellationToken)
    {
        var attendee = await store.AttendeeAsync(meeting.Id, turn.User.Id, cancellationToken);
        var manager = await IsManagerAsync(meeting, turn.User.Id, cancellationToken);
        var counts = await store.CountAsync(meeting.Id, cancellationToken);
        return cards.Meeting(meeting, counts, new MeetingViewer(true, attendee, manager, turn.TimeZone), clock.GetUtcNow(), notice, isError, [turn.User.TeamsId]);
    }

    /// <summary>Execute: the card replaces the clicked one for the clicker only. Submit: it comes as a new message.</summary>
    public static async Task<CardResult> ShowAsync(BotTurn turn, CardAction action, JsonObject card, CancellationToken cancellationToken)
    {
        if (action.IsExecute)
        {
            return CardResult.Replace(card);
        }

        await turn.SendCardAsync(card, cancellationToken);
        return CardResult.None;
    }
}
