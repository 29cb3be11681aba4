using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Duties;

/// <summary>An import's outcome: how many duties were added, or the row-level problems (then none were).</summary>
internal sealed record ImportOutcome(int Imported, IReadOnlyList<string> Problems, string? Error);

/// <summary>
/// Imports a responsibility list from pasted CSV, a Teams file attachment or a download URL (CSV or XLSX),
/// all rows or none. Also the host path tests use: <see cref="ImportAsync(BotTurn, byte[], CancellationToken)"/>.
/// </summary>
internal sealed partial class DutyImporter(
    DutyWorkflow workflow,
    DutyPeople people,
    IHttpClientFactory http,
    IOptions<DutiesOptions> options,
    IStringLocalizer<DutiesStrings> text,
    TimeProvider clock,
    ILogger<DutyImporter> logger)
{
    public const string HttpClientName = "duties-import";

    public async Task<ImportOutcome> ImportAsync(BotTurn turn, byte[] content, CancellationToken cancellationToken)
    {
        IReadOnlyList<string[]> rows;
        try
        {
            rows = DutyImport.ReadRows(content);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            return new ImportOutcome(0, [], text["ImportUnreadable"]);
        }

        var finder = await people.FinderAsync(turn.Activity.TenantId, cancellationToken);
        var (drafts, problems) = DutyImport.Parse(rows, finder, turn.TimeZone, clock.GetUtcNow());
        if (problems.Count > 0)
        {
            var lines = problems.Select(p => p.Row > 0 ? text["ImportRow", p.Row, text[p.Key, p.Value]].Value : text[p.Key, p.Value].Value).ToList();
            return new ImportOutcome(0, lines, text["ImportRejected", problems.Count]);
        }

        await workflow.CreateAsync(turn.Scope.Id, turn.User.Id, drafts, DutyWorkflow.Imported, cancellationToken);
        DutiesLog.Imported(logger, drafts.Count, turn.Scope.Id);
        return new ImportOutcome(drafts.Count, [], null);
    }

    /// <summary>The file named by a Teams file attachment (<c>content.downloadUrl</c>) or a URL typed on the card.</summary>
    public async Task<(byte[]? Content, string? Error)> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return (null, text["ImportBadUrl"]);
        }

        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, text["ImportDownloadFailed", (int)response.StatusCode]);
            }

            if (response.Content.Headers.ContentLength > options.Value.MaxImportBytes)
            {
                return (null, text["ImportTooLarge", options.Value.MaxImportBytes / 1024]);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > options.Value.MaxImportBytes)
                {
                    return (null, text["ImportTooLarge", options.Value.MaxImportBytes / 1024]);
                }
            }

            return (buffer.ToArray(), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            DutiesLog.DownloadFailed(logger, e);
            return (null, text["ImportDownloadFailed", 0]);
        }
    }

    /// <summary>A CSV/XLSX file attached to the message (Teams file download info), if any.</summary>
    public static string? AttachedFileUrl(Activity activity) =>
        activity.Attachments?
            .Where(a => a.ContentType == Attachment.FileDownloadInfoContentType && a.Content is JsonObject)
            .Select(a => a.Content!["downloadUrl"]?.GetValue<string>())
            .FirstOrDefault(u => u is not null);
}
