using System.Collections.Concurrent;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>A stored document as the chat side knows it: its store id, owner and the parsed form the index reads.</summary>
internal sealed record LibraryDocument(long Id, long? ScopeId, string? TenantId, bool IsSuperseded, DateOnly? EditionDate, RegulationDocument Document);

/// <summary>
/// One immutable view of the knowledge base: documents and an index per visibility set.
/// Documents with no scope are seen everywhere; a team or group chat also sees its own; a 1:1 chat sees its own
/// and those of the organisations of its tenant (membership is not stored, the tenant is the organisation).
/// The index over shared documents is built eagerly; the others on first use, once.
/// </summary>
internal sealed class KnowledgeSnapshot
{
    private readonly Dictionary<long, LibraryDocument> _byId;
    private readonly Dictionary<RegulationDocument, LibraryDocument> _byDocument;
    private readonly Dictionary<long, LibraryDocument[]> _byScope;
    private readonly Dictionary<string, LibraryDocument[]> _byTenant;
    private readonly ConcurrentDictionary<string, Lazy<RegulationIndex>> _views = new(StringComparer.Ordinal);
    private readonly LibraryDocument[] _shared;

    public KnowledgeSnapshot(IReadOnlyList<LibraryDocument> documents)
    {
        Documents = documents;
        _byId = documents.ToDictionary(d => d.Id);
        _byDocument = new Dictionary<RegulationDocument, LibraryDocument>(ReferenceEqualityComparer.Instance);
        foreach (var document in documents)
        {
            _byDocument[document.Document] = document;
        }

        _shared = [.. documents.Where(d => d.ScopeId is null)];
        _byScope = documents.Where(d => d.ScopeId is not null).GroupBy(d => d.ScopeId!.Value).ToDictionary(g => g.Key, g => g.ToArray());
        _byTenant = documents.Where(d => d.ScopeId is not null && d.TenantId is not null).GroupBy(d => d.TenantId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        Shared = RegulationIndex.Build(_shared.Select(d => d.Document));
    }

    public static KnowledgeSnapshot Empty { get; } = new([]);

    public IReadOnlyList<LibraryDocument> Documents { get; }

    /// <summary>The index over documents every organisation sees.</summary>
    public RegulationIndex Shared { get; }

    public LibraryDocument? Find(long id) => _byId.GetValueOrDefault(id);

    public LibraryDocument? Find(RegulationDocument document) => _byDocument.GetValueOrDefault(document);

    /// <summary>The index a question asked in <paramref name="scope"/> searches.</summary>
    public RegulationIndex IndexFor(OrgScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var own = _byScope.GetValueOrDefault(scope.Id) ?? [];
        var tenant = scope.Kind == ScopeKind.Personal && scope.TenantId is { } t ? _byTenant.GetValueOrDefault(t) ?? [] : [];
        if (own.Length == 0 && tenant.Length == 0)
        {
            return Shared;
        }

        var key = tenant.Length > 0 ? $"t:{scope.TenantId}:{scope.Id}" : $"s:{scope.Id}";
        return _views.GetOrAdd(key, _ => new Lazy<RegulationIndex>(
            () => RegulationIndex.Build(_shared.Concat(own).Concat(tenant).Select(d => d.Document)))).Value;
    }

    /// <summary>True when a question asked in <paramref name="scope"/> may see <paramref name="document"/>.</summary>
    public static bool IsVisible(LibraryDocument document, OrgScope scope) =>
        document.ScopeId is null || document.ScopeId == scope.Id
        || (scope.Kind == ScopeKind.Personal && document.TenantId is not null && document.TenantId == scope.TenantId);
}
