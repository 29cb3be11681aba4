using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>An article of a stored document, by position, as cards and buttons refer to it.</summary>
internal sealed record CitedArticle(LibraryDocument Document, int Ordinal)
{
    public RegulationArticle Article => Document.Document.Articles[Ordinal];
}

/// <summary>How a question is answered: by a curated answer, by articles (best first), or not at all.</summary>
internal sealed record AnswerResult(CuratedAnswer? Curated, IReadOnlyList<CitedArticle> Articles, IReadOnlyList<RegulationHit> Hits, IReadOnlyList<string> MatchedTerms)
{
    public bool IsCovered => Curated is not null || Articles.Count > 0;
}

/// <summary>
/// Answers a question from memory only (curated answers first, then the scope's index), remembering the cited
/// document per conversation. No I/O: this is the hot path of a Q&amp;A turn.
/// </summary>
internal sealed class RegulationAnswerer(KnowledgeBase knowledge, CuratedAnswers curated, ConversationMemory memory)
{
    private const int MaxArticles = 3;

    public AnswerResult Answer(OrgScope scope, string conversationId, string question)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (curated.Match(scope, question) is { } faq)
        {
            return new AnswerResult(faq, [], [], []);
        }

        var snapshot = knowledge.Current;
        var result = snapshot.IndexFor(scope).Search(question, new SearchOptions
        {
            MaxHits = MaxArticles,
            ContextDocumentTitle = memory.LastDocument(conversationId),
        });
        if (result.NotCovered || result.Best is null)
        {
            return new AnswerResult(null, [], [], []);
        }

        var articles = new List<CitedArticle>(result.Hits.Count);
        var hits = new List<RegulationHit>(result.Hits.Count);
        foreach (var hit in result.Hits)
        {
            if (Locate(snapshot, hit) is { } cited)
            {
                articles.Add(cited);
                hits.Add(hit);
            }
        }

        if (articles.Count == 0)
        {
            return new AnswerResult(null, [], [], []);
        }

        memory.Remember(conversationId, articles[0].Document.Document.Title);
        return new AnswerResult(null, articles, hits, result.Best.MatchedTerms);
    }

    /// <summary>Remembers the document of an article the member opened, so a bare "第三十条" follows it.</summary>
    public void Opened(string conversationId, CitedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        memory.Remember(conversationId, article.Document.Document.Title);
    }

    /// <summary>The article at <paramref name="ordinal"/> of stored document <paramref name="documentId"/>, if it is still there.</summary>
    public CitedArticle? Find(long documentId, int ordinal) =>
        knowledge.Current.Find(documentId) is { } document && ordinal >= 0 && ordinal < document.Document.Articles.Count
            ? new CitedArticle(document, ordinal)
            : null;

    private static CitedArticle? Locate(KnowledgeSnapshot snapshot, RegulationHit hit)
    {
        if (snapshot.Find(hit.Document) is not { } document)
        {
            return null;
        }

        var articles = document.Document.Articles;
        for (var i = 0; i < articles.Count; i++)
        {
            if (ReferenceEquals(articles[i], hit.Article))
            {
                return new CitedArticle(document, i);
            }
        }

        return null;
    }
}
