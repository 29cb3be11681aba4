using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>A file to hand out: its name, type, bytes and the label of its link.</summary>
internal sealed record DownloadFile(string FileName, string ContentType, byte[] Content, string LinkTitle);

/// <summary>
/// Ledger files (exports, meeting records) behind one-time links, sent as a card to the requester's personal chat:
/// names and reasons are personal data, so the links never go to the group.
/// </summary>
internal sealed partial class PrivateDownloads(
    ExportDownloads downloads,
    MeetingCards cards,
    ProactiveMessenger messenger,
    PublicAddress address,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<AttendanceOptions> options,
    ILogger<PrivateDownloads> logger)
{
    /// <summary>Stores the files and sends the card; the message for the requester and whether it is a problem.</summary>
    public async Task<(string Message, bool IsError)> SendAsync(BotTurn turn, string title, string description, IReadOnlyList<DownloadFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(files);
        var baseUrl = address.BaseUrl() ?? "";
        var links = new List<ReportLink>();
        foreach (var file in files)
        {
            var token = await downloads.AddAsync(file.FileName, file.ContentType, file.Content, cancellationToken);
            links.Add(new ReportLink(file.LinkTitle, baseUrl + ExportDownloads.RoutePrefix + token));
        }

        var card = cards.Render(new Report(title, description, [], null, links, []));
        if (turn.IsPersonal)
        {
            await turn.SendCardAsync(card, cancellationToken, title);
            return (text["ExportSentHere"], false);
        }

        try
        {
            await messenger.SendToUserAsync(turn.User.Id, new Activity { Type = ActivityTypes.Message, Summary = title, Attachments = [Attachment.AdaptiveCard(card)] }, cancellationToken);
            return (text["ExportSentPrivately"], false);
        }
        catch (Exception e) when (e is RecipientUnreachableException or ConnectorException)
        {
            LogUnreachable(logger, e, turn.User.Id);
            return (text["ExportUnreachable"], true);
        }
    }

    public int LinkMinutes => (int)options.Value.ExportLinkLifetime.TotalMinutes;

    [LoggerMessage(EventId = 2060, Level = LogLevel.Information, Message = "Download links could not be sent to user {UserId}")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, long userId);
}
