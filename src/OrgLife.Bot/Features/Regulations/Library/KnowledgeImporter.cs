using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Llm;

namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>Who imports, and for which organisation: <see cref="ScopeId"/> null imports for everyone (bundled, operator).</summary>
internal sealed record KnowledgeOwner(long? ScopeId, string? TenantId, long? UserId, string Name)
{
    public static KnowledgeOwner Operator(string name) => new(null, null, null, name);
}

internal enum ImportOutcome
{
    /// <summary>A new document (or a newer edition of one).</summary>
    Imported,
    /// <summary>The same content was imported before: nothing changed.</summary>
    Unchanged,
    /// <summary>The file could not be read as a regulation: see <see cref="ImportReport.Problem"/>.</summary>
    Rejected,
}

/// <summary>What happened to one file.</summary>
internal sealed record ImportReport(
    string FileName,
    ImportOutcome Outcome,
    string? Title = null,
    string? Edition = null,
    int Articles = 0,
    long? DocumentId = null,
    string? SupersededEdition = null,
    bool IsOlderEdition = false,
    RegulationFormatProblem? Problem = null);

/// <summary>
/// Imports regulation files into the store and reloads the knowledge base. Re-importing the same content is a
/// no-op (content hash, per owner); a newer edition of a title supersedes the older one, which is kept and
/// answered only when a question names its year. A file that fails to parse changes nothing.
/// </summary>
internal sealed partial class KnowledgeImporter(BotDbContext db, KnowledgeBase knowledge, VectorRefresher vectors, TimeProvider clock)
{
    /// <summary>Parses and stores each file; reloads the knowledge base once if anything changed.</summary>
    public async Task<IReadOnlyList<ImportReport>> ImportAsync(IEnumerable<(string FileName, byte[] Content)> files, KnowledgeOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(owner);
        var reports = new List<ImportReport>();
        foreach (var (fileName, content) in files)
        {
            RegulationDocument document;
            try
            {
                document = RegulationParser.Parse(fileName, content);
            }
            catch (RegulationFormatException e)
            {
                reports.Add(new ImportReport(fileName, ImportOutcome.Rejected, Problem: e.Problem));
                continue;
            }

            reports.Add(await StoreAsync(Path.GetFileName(fileName), document, owner, cancellationToken));
        }

        // Only a server holds a loaded knowledge base; the command line just writes the store.
        if (knowledge.IsLoaded && reports.Any(r => r.Outcome == ImportOutcome.Imported))
        {
            await knowledge.ReloadAsync(db, cancellationToken);
            vectors.Request();
        }
        else if (reports.Any(r => r.Outcome == ImportOutcome.Imported))
        {
            // The command line: the vectors go into the store with the articles (the server's members are not waiting on it).
            await vectors.RefreshAsync(cancellationToken);
        }

        return reports;
    }

    /// <summary>Stores one parsed document (used for the bundled sample too).</summary>
    public async Task<ImportReport> StoreAsync(string fileName, RegulationDocument document, KnowledgeOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(owner);
        var documents = db.Set<StoredRegulation>();
        var existing = await documents.AsNoTracking()
            .Where(d => d.ScopeId == owner.ScopeId && d.ContentHash == document.ContentHash)
            .Select(d => new { d.Id, d.Title, d.Edition, d.ArticleCount }).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return new ImportReport(fileName, ImportOutcome.Unchanged, existing.Title, existing.Edition, existing.ArticleCount, existing.Id);
        }

        var stored = new StoredRegulation
        {
            Title = Truncate(document.Title, 300),
            Part = document.Part is null ? null : Truncate(document.Part, 300),
            Edition = document.Edition is null ? null : Truncate(document.Edition, 1000),
            EditionYear = document.EditionYear,
            EditionDate = EditionDate(document.Edition),
            SourceName = Truncate(fileName, 500),
            ContentHash = document.ContentHash,
            ScopeId = owner.ScopeId,
            TenantId = owner.TenantId,
            ImportedByUserId = owner.UserId,
            ImportedByName = Truncate(owner.Name, 200),
            ImportedAt = clock.GetUtcNow(),
            ArticleCount = document.Articles.Count,
            Articles = [.. document.Articles.Select((a, i) => new StoredArticle
            {
                Ordinal = i,
                Number = a.Number,
                Label = Truncate(a.Label, 64),
                HeadingPath = Truncate(string.Join('\n', a.HeadingPath), 1000),
                Text = a.Text,
                ContentHash = a.ContentHash,
            })],
        };

        // Editions of the same title in the same organisation: the newest answers, the others are kept.
        var editions = await documents
            .Where(d => d.ScopeId == owner.ScopeId && d.Title == stored.Title && d.Part == stored.Part)
            .ToListAsync(cancellationToken);
        var newest = editions.Where(d => !d.IsSuperseded).MaxBy(d => d.EditionYear ?? int.MinValue);
        string? supersededEdition = null;
        var isOlder = false;
        if (newest is not null && (newest.EditionYear ?? int.MinValue) > (stored.EditionYear ?? int.MinValue))
        {
            stored.IsSuperseded = true;
            isOlder = true;
        }
        else
        {
            foreach (var older in editions.Where(d => !d.IsSuperseded))
            {
                older.IsSuperseded = true;
                supersededEdition ??= older.Edition ?? older.Title;
            }
        }

        documents.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new ImportReport(fileName, ImportOutcome.Imported, stored.Title, stored.Edition, stored.ArticleCount, stored.Id, supersededEdition, isOlder);
    }

    /// <summary>
    /// Removes documents by id or exact title among those <paramref name="removable"/> allows; the newest
    /// remaining edition of the title answers again. Returns the removed titles.
    /// </summary>
    public async Task<IReadOnlyList<StoredRegulation>> RemoveAsync(string idOrTitle, Func<IQueryable<StoredRegulation>, IQueryable<StoredRegulation>> removable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrTitle);
        ArgumentNullException.ThrowIfNull(removable);
        var key = idOrTitle.Trim().Trim('《', '》', '"', '“', '”');
        var candidates = removable(db.Set<StoredRegulation>());
        var matches = long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await candidates.Where(d => d.Id == id).ToListAsync(cancellationToken)
            : await candidates.Where(d => d.Title == key).ToListAsync(cancellationToken);
        if (matches.Count == 0)
        {
            return [];
        }

        db.Set<StoredRegulation>().RemoveRange(matches);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var group in matches.GroupBy(d => (d.ScopeId, d.Title, d.Part)))
        {
            var remaining = await db.Set<StoredRegulation>()
                .Where(d => d.ScopeId == group.Key.ScopeId && d.Title == group.Key.Title && d.Part == group.Key.Part)
                .ToListAsync(cancellationToken);
            var newest = remaining.MaxBy(d => (d.EditionYear ?? int.MinValue, d.Id));
            foreach (var edition in remaining)
            {
                edition.IsSuperseded = !ReferenceEquals(edition, newest);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (knowledge.IsLoaded)
        {
            await knowledge.ReloadAsync(db, cancellationToken);
        }

        return matches;
    }

    /// <summary>The latest 2022年10月22日-style date of an edition line.</summary>
    internal static DateOnly? EditionDate(string? edition)
    {
        if (edition is null)
        {
            return null;
        }

        DateOnly? latest = null;
        foreach (Match m in DatePattern().Matches(edition))
        {
            var (y, mo, d) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
            if (mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) && (latest is null || new DateOnly(y, mo, d) > latest))
            {
                latest = new DateOnly(y, mo, d);
            }
        }

        return latest;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [GeneratedRegex(@"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")]
    private static partial Regex DatePattern();
}
