using System.Globalization;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// Which meeting a secretary's command means: "名单 12" names it; "名单" alone means the only open meeting they
/// manage here (in the personal chat: anywhere), and when there are several they get a card listing them, each
/// with a button doing what the command would have done.
/// </summary>
internal sealed class MeetingPicker(
    MeetingStore store, MeetingAccess access, MeetingCards cards, RoleService roles,
    IStringLocalizer<AttendanceStrings> text)
{
    // Teams shows at most six actions on a card without an overflow menu.
    private const int MaxChoices = 6;

    /// <summary>The meeting the command is about and the turn's user may manage; null when a message already said why not (or offered a choice).</summary>
    /// <param name="chooserVerb">The verb of the buttons when the user has to choose.</param>
    public async Task<Meeting?> PickAsync(BotTurn turn, string arguments, string chooserVerb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var args = (arguments ?? "").Trim().TrimStart('#', '＃').Trim();
        if (args.Length == 0)
        {
            return await OnlyOpenAsync(turn, chooserVerb, cancellationToken);
        }

        if (!long.TryParse(args, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await turn.SendTextAsync(text["NeedMeetingNumber"], cancellationToken);
            return null;
        }

        var meeting = await store.FindAsync(id, cancellationToken);
        if (meeting is null)
        {
            await turn.SendTextAsync(text["MeetingNotFound"], cancellationToken);
            return null;
        }

        if (!await access.IsManagerAsync(meeting, turn.User.Id, cancellationToken))
        {
            await turn.SendTextAsync(text["OnlyManagers"], cancellationToken);
            return null;
        }

        return meeting;
    }

    private async Task<Meeting?> OnlyOpenAsync(BotTurn turn, string chooserVerb, CancellationToken cancellationToken)
    {
        IReadOnlyList<long> secretaryOf = turn.IsPersonal
            ? await roles.ScopesWhereAsync(turn.User.Id, Role.Secretary, cancellationToken)
            : await access.IsSecretaryAsync(turn.Scope.Id, turn.User.Id, cancellationToken) ? new[] { turn.Scope.Id } : [];
        var open = await store.OpenManagedAsync(turn.User.Id, secretaryOf, turn.IsPersonal ? null : turn.Scope.Id, MaxChoices + 1, cancellationToken);
        switch (open.Count)
        {
            case 0:
                await turn.SendTextAsync(text["NoOpenMeeting"], cancellationToken);
                return null;
            case 1:
                return open[0];
        }

        var buttons = open.Take(MaxChoices).Select(m => new ReportButton(
            text["ChoiceButton", m.Id, m.Title, MeetingCards.Local(m.StartsAt, turn.TimeZone)[5..]].Value, chooserVerb, m.Id)).ToList();
        var note = open.Count > MaxChoices ? text["ChoiceMore"].Value : null;
        var lines = open.Take(MaxChoices).Select(m => new ReportLine(
            text["ChoiceLine", m.Id, cards.TypeLabel(m.Type), m.Title, MeetingCards.Span(m, turn.TimeZone)].Value)).ToArray();
        await turn.SendCardAsync(cards.Render(new Report(text["ChoiceTitle"].Value, text["ChoiceSubtitle"].Value, [ReportSection.OfLines(null, lines)], note, [], buttons)),
            cancellationToken, text["ChoiceTitle"]);
        return null;
    }
}
