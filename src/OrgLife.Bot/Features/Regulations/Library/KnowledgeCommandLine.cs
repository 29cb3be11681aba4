using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>
/// <c>kb import &lt;files or folders…&gt; [--scope &lt;team or chat id&gt;]</c>, <c>kb list</c>, <c>kb remove &lt;id|title&gt;</c>:
/// the knowledge base without the server. Imports from here are for every organisation unless <c>--scope</c> names one.
/// The running server picks changes up at its next start.
/// </summary>
internal static partial class KnowledgeCommandLine
{
    private static readonly string[] Extensions = [".md", ".markdown", ".txt", ".docx", ".pdf"];

    /// <param name="args">The whole command line, starting with <c>kb</c>.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="configuration">Settings; by default appsettings.json and the environment, as the server reads them.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, IConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        await using var services = BuildServices(configuration);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        await ActivatorUtilities.CreateInstance<StoreMigrator>(services).StartAsync(cancellationToken);
        return args switch
        {
            ["kb", "import", .. var rest] when rest.Length > 0 => await ImportAsync(rest, scope.ServiceProvider, db, output, cancellationToken),
            ["kb", "list"] => await ListAsync(db, output, cancellationToken),
            ["kb", "remove", .. var rest] when rest.Length > 0 => await RemoveAsync(string.Join(' ', rest), scope.ServiceProvider, output, cancellationToken),
            _ => await UsageAsync(output),
        };
    }

    private static ServiceProvider BuildServices(IConfiguration? configuration)
    {
        configuration ??= new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddLocalization();
        services.AddOptions<RegulationsOptions>().BindConfiguration(RegulationsOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        // Only this feature's tables: the store still applies every migration.
        services.AddBotData(partialModel: true);
        services.AddStoreModel(RegulationsModel.Configure);
        services.AddKnowledgeBase();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static async Task<int> ImportAsync(string[] rest, IServiceProvider services, BotDbContext db, TextWriter output, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        string? scopeId = null;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == "--scope" && i + 1 < rest.Length)
            {
                scopeId = rest[++i];
            }
            else if (!SettingArgument().IsMatch(rest[i]))
            {
                paths.Add(rest[i]);
            }
        }

        var owner = KnowledgeOwner.Operator(Environment.UserName);
        if (scopeId is not null)
        {
            var scope = await db.Scopes.AsNoTracking().FirstOrDefaultAsync(s => s.ExternalId == scopeId, cancellationToken);
            if (scope is null)
            {
                await output.WriteLineAsync($"No organisation with the id '{scopeId}' is known: the bot must have been installed there first.");
                return 1;
            }

            owner = new KnowledgeOwner(scope.Id, scope.Kind == ScopeKind.Personal ? null : scope.TenantId, null, Environment.UserName);
        }

        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                await output.WriteLineAsync($"{path}: not found");
                return 1;
            }
        }

        var importer = services.GetRequiredService<KnowledgeImporter>();
        var text = services.GetRequiredService<IStringLocalizer<RegulationsStrings>>();
        var failed = 0;
        foreach (var file in files)
        {
            var content = await File.ReadAllBytesAsync(file, cancellationToken);
            var report = (await importer.ImportAsync([(file, content)], owner, cancellationToken))[0];
            failed += report.Outcome == ImportOutcome.Rejected ? 1 : 0;
            await output.WriteLineAsync(Describe(file, report, text));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{files.Count} files: {files.Count - failed} imported or unchanged, {failed} rejected."));
        return failed == files.Count && files.Count > 0 ? 1 : 0;
    }

    private static async Task<int> ListAsync(BotDbContext db, TextWriter output, CancellationToken cancellationToken)
    {
        var documents = await db.Set<StoredRegulation>().AsNoTracking().OrderBy(d => d.Title).ThenByDescending(d => d.EditionYear).ToListAsync(cancellationToken);
        foreach (var d in documents)
        {
            var owner = d.ScopeId is null ? "shared" : $"scope {d.ScopeId}";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{d.Id,5}  《{d.Title}》{(d.Part is null ? "" : " " + d.Part)}  {d.Edition}  {d.ArticleCount} articles  {owner}{(d.IsSuperseded ? "  superseded" : "")}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{documents.Count} documents."));
        return 0;
    }

    private static async Task<int> RemoveAsync(string idOrTitle, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var removed = await services.GetRequiredService<KnowledgeImporter>().RemoveAsync(idOrTitle, q => q, cancellationToken);
        if (removed.Count == 0)
        {
            await output.WriteLineAsync($"No document '{idOrTitle}'. Use kb list to see ids.");
            return 1;
        }

        foreach (var d in removed)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Removed {d.Id} 《{d.Title}》 {d.Edition}"));
        }

        return 0;
    }

    /// <summary>Imports in English (an operator's log); a rejection in the operator's language (zh-CN unless the locale is English), as members read it in chat.</summary>
    private static string Describe(string file, ImportReport report, IStringLocalizer<RegulationsStrings> text) => report.Outcome switch
    {
        ImportOutcome.Imported => string.Create(CultureInfo.InvariantCulture,
            $"{file}: imported 《{report.Title}》 ({report.Articles} articles, id {report.DocumentId}){(report.SupersededEdition is { } older ? $"; supersedes {older}" : "")}{(report.IsOlderEdition ? "; older than the edition already stored, kept for questions naming its year" : "")}"),
        ImportOutcome.Unchanged => string.Create(CultureInfo.InvariantCulture, $"{file}: unchanged (《{report.Title}》 id {report.DocumentId} has the same content)"),
        _ => $"{file}: rejected: {text[KnowledgeHandlers.RejectionKey(report.Problem), Path.GetFileName(file)]}",
    };

    // Store:DataFolder=… and --Store:Provider=… are settings (read by the configuration), not files.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(--|/)?[A-Za-z][A-Za-z0-9_]*(:[A-Za-z0-9_]+)*=")]
    private static partial System.Text.RegularExpressions.Regex SettingArgument();

    private static async Task<int> UsageAsync(TextWriter output)
    {
        await output.WriteLineAsync("Usage: kb import <files or folders…> [--scope <team or chat id>] | kb list | kb remove <id|title>");
        return 2;
    }
}
