using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>
/// Holds the knowledge base in use. Questions read <see cref="Current"/> once; an import or removal reloads
/// from the store, builds a new snapshot off to the side and swaps it in, so a question never waits for or
/// sees a half-built index.
/// </summary>
internal sealed class KnowledgeBase : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private KnowledgeSnapshot _current = KnowledgeSnapshot.Empty;

    public KnowledgeSnapshot Current => Volatile.Read(ref _current);

    public bool IsLoaded { get; private set; }

    public void Dispose() => _reload.Dispose();

    /// <summary>Reads every document and article from the store and swaps the snapshot in.</summary>
    public async Task ReloadAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await _reload.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await LoadAsync(db, cancellationToken);
            Volatile.Write(ref _current, snapshot);
            IsLoaded = true;
        }
        finally
        {
            _reload.Release();
        }
    }

    private static async Task<KnowledgeSnapshot> LoadAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        var documents = await db.Set<StoredRegulation>().AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var articles = await db.Set<StoredArticle>().AsNoTracking().OrderBy(a => a.DocumentId).ThenBy(a => a.Ordinal).ToListAsync(cancellationToken);
        var byDocument = articles.GroupBy(a => a.DocumentId).ToDictionary(g => g.Key, g => g.ToList());
        var library = new List<LibraryDocument>(documents.Count);
        foreach (var stored in documents)
        {
            var rows = byDocument.GetValueOrDefault(stored.Id) ?? [];
            library.Add(new LibraryDocument(stored.Id, stored.ScopeId, stored.TenantId, stored.IsSuperseded, stored.EditionDate, ToDocument(stored, rows)));
        }

        return new KnowledgeSnapshot(library);
    }

    private static RegulationDocument ToDocument(StoredRegulation stored, List<StoredArticle> rows)
    {
        var articles = new RegulationArticle[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var headings = row.HeadingPath.Length == 0 ? [] : row.HeadingPath.Split('\n');
            articles[i] = new RegulationArticle(stored.Title, stored.Edition, headings, row.Number, row.Label, row.Text, row.ContentHash);
        }

        return SampleRegulations.WithBundledTranslation(
            new RegulationDocument(stored.Title, stored.Part, stored.Edition, stored.EditionYear, stored.SourceName, stored.ContentHash, articles));
    }
}
