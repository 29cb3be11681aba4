using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>An article's embedding, kept in the store: computed once at import, per embeddings deployment.</summary>
internal sealed class ArticleVector
{
    public long Id { get; set; }

    public long ArticleId { get; set; }

    /// <summary>The embeddings deployment that made it: vectors of different models are not comparable.</summary>
    public string Model { get; set; } = "";

    public int Dimensions { get; set; }

    /// <summary>Unit-length float32 values, little-endian.</summary>
    public byte[] Vector { get; set; } = [];
}

/// <summary>
/// The stored article vectors of the configured deployment, in memory, and the nearest articles to a question's
/// vector among those a scope may see (exact cosine over all of them: 65k × 1,536 floats is ~25 ms on one core).
/// </summary>
internal sealed class ArticleVectors(LanguageModels models)
{
    private Dictionary<(long Document, int Ordinal), float[]> _vectors = [];

    public int Count => Volatile.Read(ref _vectors).Count;

    public async Task ReloadAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (models.EmbeddingModel is not { } model)
        {
            return;
        }

        var rows = await db.Set<ArticleVector>().AsNoTracking().Where(v => v.Model == model)
            .Join(db.Set<StoredArticle>(), v => v.ArticleId, a => a.Id, (v, a) => new { a.DocumentId, a.Ordinal, v.Vector })
            .ToListAsync(cancellationToken);
        var vectors = new Dictionary<(long, int), float[]>(rows.Count);
        foreach (var row in rows)
        {
            vectors[(row.DocumentId, row.Ordinal)] = MemoryMarshal.Cast<byte, float>(row.Vector).ToArray();
        }

        Volatile.Write(ref _vectors, vectors);
    }

    /// <summary>Articles of the visible, current documents ranked by cosine similarity to <paramref name="query"/>.</summary>
    public IReadOnlyList<RegulationHit> Nearest(KnowledgeSnapshot snapshot, OrgScope scope, ReadOnlySpan<float> query, int count)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var vectors = Volatile.Read(ref _vectors);
        var best = new PriorityQueue<(LibraryDocument Document, int Ordinal), float>();
        foreach (var document in snapshot.Documents)
        {
            if (document.IsSuperseded || !KnowledgeSnapshot.IsVisible(document, scope))
            {
                continue;
            }

            for (var i = 0; i < document.Document.Articles.Count; i++)
            {
                if (!vectors.TryGetValue((document.Id, i), out var vector) || vector.Length != query.Length)
                {
                    continue;
                }

                var similarity = Dot(query, vector);
                if (best.Count < count)
                {
                    best.Enqueue((document, i), similarity);
                }
                else if (best.TryPeek(out _, out var worst) && similarity > worst)
                {
                    best.EnqueueDequeue((document, i), similarity);
                }
            }
        }

        var hits = new List<RegulationHit>(best.Count);
        while (best.TryDequeue(out var item, out var similarity))
        {
            hits.Add(new RegulationHit(item.Document.Document.Articles[item.Ordinal], item.Document.Document, similarity, Math.Clamp(similarity, 0, 1), [], false));
        }

        hits.Reverse();
        return hits;
    }

    /// <summary>Scales to unit length, so a dot product is the cosine.</summary>
    internal static float[] Normalised(ReadOnlySpan<float> vector)
    {
        var norm = MathF.Sqrt(Dot(vector, vector));
        var result = vector.ToArray();
        if (norm > 0)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] /= norm;
            }
        }

        return result;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var wide = MemoryMarshal.Cast<float, Vector<float>>(a);
        var wideB = MemoryMarshal.Cast<float, Vector<float>>(b);
        var sum = Vector<float>.Zero;
        for (var i = 0; i < wide.Length; i++)
        {
            sum += wide[i] * wideB[i];
        }

        var total = Vector.Sum(sum);
        for (var i = wide.Length * Vector<float>.Count; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
