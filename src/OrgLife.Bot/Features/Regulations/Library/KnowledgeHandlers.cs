using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>
/// The knowledge base in chat, for admins: a regulation file sent to the bot in a 1:1 chat is imported for the
/// organisations the sender administers (or their own 1:1 scope when none); "知识库"/"kb list" and
/// "删除文档 …"/"kb remove …".
/// </summary>
internal sealed partial class KnowledgeHandlers(
    BotDbContext db,
    RoleService roles,
    KnowledgeBase knowledge,
    KnowledgeImporter importer,
    IHttpClientFactory httpClients,
    IOptions<RegulationsOptions> options,
    IStringLocalizer<RegulationsStrings> text,
    ILogger<KnowledgeHandlers> logger)
{
    public const string DownloadClient = "regulations-files";

    public async Task<bool> FilesAsync(BotTurn turn, IReadOnlyList<Attachment> files, CancellationToken cancellationToken)
    {
        if (!turn.IsPersonal)
        {
            await turn.SendTextAsync(text["ImportPersonalOnly"], cancellationToken);
            return true;
        }

        if (!await roles.HasAsync(turn.Scope.Id, turn.User.Id, Role.Admin, cancellationToken))
        {
            await turn.SendTextAsync(text["AdminOnly"], cancellationToken);
            return true;
        }

        var lines = new List<string>();
        var downloaded = new List<(string Name, byte[] Content)>();
        foreach (var file in files)
        {
            var name = FileName(file);
            var (content, problem) = await DownloadAsync(file, cancellationToken);
            if (content is null)
            {
                lines.Add(problem!);
            }
            else
            {
                downloaded.Add((name, content));
            }
        }

        var owners = await OwnersAsync(turn, cancellationToken);
        var anyRejected = lines.Count > 0;
        for (var i = 0; i < owners.Count; i++)
        {
            var reports = await importer.ImportAsync(downloaded, owners[i].Owner, cancellationToken);
            if (owners.Count > 1 && owners[i].Name.Length > 0)
            {
                lines.Add(text["ImportFor", owners[i].Name]);
            }

            // Rejections are the same for every organisation: report them once.
            foreach (var report in reports.Where(r => i == 0 || r.Outcome != ImportOutcome.Rejected))
            {
                anyRejected |= report.Outcome == ImportOutcome.Rejected;
                lines.Add(Describe(report));
            }
        }

        if (anyRejected)
        {
            lines.Add(text["ImportNothingLost"]);
        }

        await turn.SendTextAsync(string.Join("\n\n", lines), cancellationToken);
        return true;
    }

    /// <summary>"知识库" / "kb list", "kb remove 12", "kb import" (explains how).</summary>
    public async Task KbAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var words = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (words)
        {
            case [] or ["list" or "列表"]:
                await ListAsync(turn, cancellationToken);
                break;
            case ["remove" or "delete" or "删除", var what]:
                await RemoveAsync(turn, what, cancellationToken);
                break;
            default:
                await turn.SendTextAsync(text["KbUsage"], cancellationToken);
                break;
        }
    }

    public async Task RemoveAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (!await roles.HasAsync(turn.Scope.Id, turn.User.Id, Role.Admin, cancellationToken))
        {
            await turn.SendTextAsync(text["AdminOnly"], cancellationToken);
            return;
        }

        if (string.IsNullOrWhiteSpace(arguments))
        {
            await turn.SendTextAsync(text["KbUsage"], cancellationToken);
            return;
        }

        var owners = (await OwnersAsync(turn, cancellationToken)).Select(o => o.Owner.ScopeId).ToList();
        var removed = await importer.RemoveAsync(arguments, q => q.Where(d => d.ScopeId != null && owners.Contains(d.ScopeId)), cancellationToken);
        await turn.SendTextAsync(
            removed.Count == 0
                ? text["KbRemoveNotFound", arguments.Trim()]
                : text["KbRemoved", string.Join("、", removed.Select(d => $"《{d.Title}》{d.Edition}"))],
            cancellationToken);
    }

    private async Task ListAsync(BotTurn turn, CancellationToken cancellationToken)
    {
        if (!await roles.HasAsync(turn.Scope.Id, turn.User.Id, Role.Admin, cancellationToken))
        {
            await turn.SendTextAsync(text["AdminOnly"], cancellationToken);
            return;
        }

        var visible = knowledge.Current.Documents.Where(d => KnowledgeSnapshot.IsVisible(d, turn.Scope)).ToList();
        if (visible.Count == 0)
        {
            await turn.SendTextAsync(text["KbEmpty"], cancellationToken);
            return;
        }

        var builder = new StringBuilder(text["KbListTitle", visible.Count]);
        foreach (var d in visible.OrderBy(d => d.Document.Title, StringComparer.Ordinal).ThenByDescending(d => d.Document.EditionYear))
        {
            var flags = (d.ScopeId is null ? text["KbShared"].Value : "") + (d.IsSuperseded ? text["KbSupersededFlag"].Value : "");
            var edition = d.Document.Edition is null ? "" : " " + d.Document.Edition;
            builder.Append("\n\n").Append(text["KbListLine", d.Id, Answering.ArticleMarkdown.Escape(d.Document.Title), Answering.ArticleMarkdown.Escape(edition), d.Document.Articles.Count, flags].Value);
        }

        await turn.SendTextAsync(builder.ToString(), cancellationToken);
    }

    /// <summary>The organisations an upload belongs to: those the sender administers, else the sender's own 1:1 scope.</summary>
    private async Task<IReadOnlyList<(KnowledgeOwner Owner, string Name)>> OwnersAsync(BotTurn turn, CancellationToken cancellationToken)
    {
        var who = (turn.User.Id, turn.User.Name);
        if (!turn.IsPersonal)
        {
            return [(new KnowledgeOwner(turn.Scope.Id, turn.Scope.TenantId, who.Id, who.Name), turn.Scope.Name)];
        }

        var administered = await roles.ScopesWhereAsync(turn.User.Id, Role.Admin, cancellationToken);
        var organisations = await db.Scopes.AsNoTracking()
            .Where(s => administered.Contains(s.Id) && s.Kind != ScopeKind.Personal && s.RemovedAt == null)
            .OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return organisations.Count > 0
            ? [.. organisations.Select(s => (new KnowledgeOwner(s.Id, s.TenantId, who.Id, who.Name), s.Name))]
            : [(new KnowledgeOwner(turn.Scope.Id, null, who.Id, who.Name), "")];
    }

    private async Task<(byte[]? Content, string? Problem)> DownloadAsync(Attachment file, CancellationToken cancellationToken)
    {
        var name = FileName(file);
        var url = file.Content?["downloadUrl"]?.GetValue<string>();
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return (null, text["ImportDownloadFailed", name]);
        }

        var limit = options.Value.MaxUploadBytes;
        try
        {
            var client = httpClients.CreateClient(DownloadClient);
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogDownloadFailed(logger, (int)response.StatusCode);
                return (null, text["ImportDownloadFailed", name]);
            }

            if (response.Content.Headers.ContentLength > limit)
            {
                return (null, TooLarge(name, limit));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, TooLarge(name, limit));
                }

                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), null);
        }
        catch (HttpRequestException e)
        {
            LogDownloadFailed(logger, (int?)e.StatusCode ?? 0);
            return (null, text["ImportDownloadFailed", name]);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogDownloadFailed(logger, 0);
            return (null, text["ImportDownloadFailed", name]);
        }
    }

    private string TooLarge(string name, int limit) =>
        text["ImportTooLarge", name, (limit / 1_000_000.0).ToString("0.#", CultureInfo.InvariantCulture)];

    /// <summary>The file's name; Teams gives the extension separately in <c>content.fileType</c> when the name lacks it.</summary>
    internal static string FileName(Attachment file)
    {
        var name = Path.GetFileName(file.Name ?? "").Trim();
        var type = file.Content?["fileType"]?.GetValue<string>()?.Trim().TrimStart('.');
        if (name.Length == 0)
        {
            name = "upload";
        }

        return Path.HasExtension(name) || string.IsNullOrEmpty(type) ? name : $"{name}.{type}";
    }

    private string Describe(ImportReport report) => report switch
    {
        { Outcome: ImportOutcome.Unchanged } => text["ImportUnchanged", report.Title!],
        { Outcome: ImportOutcome.Imported, IsOlderEdition: true } => text["ImportImported", report.Title!, report.Articles] + " " + text["ImportOlderEdition"],
        { Outcome: ImportOutcome.Imported, SupersededEdition: { } older } => text["ImportImported", report.Title!, report.Articles] + " " + text["ImportNewEdition", older],
        { Outcome: ImportOutcome.Imported } => text["ImportImported", report.Title!, report.Articles],
        _ => text[RejectionKey(report.Problem), report.FileName],
    };

    /// <summary>The message (one argument: the file name) telling why a file was not imported; the command line uses it too.</summary>
    internal static string RejectionKey(RegulationFormatProblem? problem) => problem switch
    {
        RegulationFormatProblem.EmptyFile => "ImportEmpty",
        RegulationFormatProblem.NotAWordDocument => "ImportNotDocx",
        RegulationFormatProblem.NoArticles => "ImportNoArticles",
        RegulationFormatProblem.NotAPdf => "ImportNotPdf",
        RegulationFormatProblem.ProtectedPdf => "ImportProtectedPdf",
        RegulationFormatProblem.ScannedPdf => "ImportScannedPdf",
        _ => "ImportUnsupported",
    };

    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "Downloading an uploaded regulation file failed (HTTP {Status})")]
    private static partial void LogDownloadFailed(ILogger logger, int status);
}
