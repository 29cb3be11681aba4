using System.Globalization;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Features.Regulations.Llm;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>An article of a stored document, by position, as cards and buttons refer to it.</summary>
internal sealed record CitedArticle(LibraryDocument Document, int Ordinal)
{
    public RegulationArticle Article => Document.Document.Articles[Ordinal];
}

/// <summary>
/// How a question is answered: by a curated answer, by articles (best first), or not at all. <see cref="Written"/>
/// is the model's answer over <see cref="Articles"/> when one was written.
/// </summary>
internal sealed record AnswerResult(CuratedAnswer? Curated, IReadOnlyList<CitedArticle> Articles, IReadOnlyList<RegulationHit> Hits, IReadOnlyList<string> MatchedTerms, WrittenAnswer? Written = null)
{
    public bool IsCovered => Curated is not null || Articles.Count > 0;

    /// <summary>
    /// False when not one word of the question (two characters or more) occurs in any article: "asdf", "嗯嗯"
    /// — small talk or typing noise rather than a question the rules fail to cover.
    /// </summary>
    public bool HasKnownWords { get; init; } = true;
}

/// <summary>
/// Answers a question: curated answers first, then the scope's lexical index, remembering the cited document per
/// conversation. With language models configured (<see cref="LanguageModels"/>), the question is also rewritten
/// for search and ranked by vector similarity, the BM25 and vector rankings are fused, and the chat model writes
/// a cited answer or refuses; any failure of the models gives the lexical answer, exactly as without them.
/// </summary>
internal sealed class RegulationAnswerer(
    KnowledgeBase knowledge,
    CuratedAnswers curated,
    ConversationMemory memory,
    LanguageModels models,
    QueryRewriter rewriter,
    ArticleEmbedder embedder,
    ArticleVectors vectors,
    GroundedAnswerWriter writer)
{
    private const int MaxArticles = 3;

    /// <summary>Each ranked list fused: deep enough that an article one list misses can still surface from another.</summary>
    private const int Candidates = 20;

    /// <summary>Articles the chat model reads: enough for two-article questions, few enough to stay within a fast prompt.</summary>
    private const int ModelSources = 5;

    public async Task<AnswerResult> AnswerAsync(OrgScope scope, string conversationId, string question, CultureInfo culture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var lexical = Answer(scope, conversationId, question);
        if (!models.IsEnabled || lexical.Curated is not null || (lexical.Hits.Count > 0 && lexical.Hits[0].IsDirectLookup))
        {
            return lexical;
        }

        using var budget = models.StartTurn(cancellationToken);
        var snapshot = knowledge.Current;
        var index = snapshot.IndexFor(scope);
        var search = new SearchOptions { MaxHits = Candidates, ContextDocumentTitle = memory.LastDocument(conversationId) };
        var rankings = new List<IReadOnlyList<RegulationHit>> { index.Search(question, search).Hits };
        var queries = new List<string> { question };
        if (await rewriter.RewriteAsync(question, budget.Token) is { } rewritten && rewritten != question)
        {
            rankings.Add(index.Search(rewritten, search).Hits);
            queries.Add(rewritten);
        }

        if (vectors.Count > 0 && await embedder.EmbedQueriesAsync(queries, budget.Token) is { } queryVectors)
        {
            rankings.AddRange(queryVectors.Select(v => vectors.Nearest(snapshot, scope, v, Candidates)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fused = ReciprocalRankFusion.Fuse(rankings);
        if (!writer.IsEnabled)
        {
            // No chat model to judge coverage: the lexical decision stands, the fused order ranks.
            return lexical.IsCovered ? Located(snapshot, conversationId, fused.Take(MaxArticles), lexical.MatchedTerms, null) ?? lexical : lexical;
        }

        var sources = fused.Take(ModelSources).ToList();
        var verdict = await writer.WriteAsync(question, sources, culture, budget.Token);
        cancellationToken.ThrowIfCancellationRequested();
        return verdict.Verdict switch
        {
            ModelVerdict.Answered => Located(snapshot, conversationId, sources, lexical.MatchedTerms, verdict.Written) ?? lexical,
            ModelVerdict.CannotAnswer => new AnswerResult(null, [], [], []),
            _ => lexical,
        };
    }

    /// <summary>The lexical answer alone, from memory (no I/O): the offline engine.</summary>
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
            return new AnswerResult(null, [], [], [])
            {
                HasKnownWords = result.Hits.Any(h => h.IsDirectLookup || h.MatchedTerms.Any(t => t.Length >= 2)) || HasKnownWords(question),
            };
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
        memory.RememberArticle(conversationId, articles[0].Document.Id, articles[0].Ordinal);
        return new AnswerResult(null, articles, hits, result.Best.MatchedTerms);
    }

    /// <summary>
    /// Words the general segmenter knows (jieba's dictionary and stop words): a question about something the
    /// rules do not cover ("单位食堂几点开门？", "what time does the canteen open?") has them, typing noise
    /// ("asdf") has none.
    /// </summary>
    private static bool HasKnownWords(string question) =>
        GeneralVocabulary.Segment(question).Any(w => w.Word.Any(char.IsLetter)
            && (w.IsFunctionWord || GeneralVocabulary.IsEnglishStopWord(w.Word.ToLowerInvariant()) || (w.Word.Length >= 2 && w.Word.All(ChineseTextFolding.IsHan))));

    /// <summary>
    /// Hits as cited articles, in order: a written answer's [n] marks number them, so none may drop out (a
    /// document removed during the turn gives null, and the caller answers lexically).
    /// </summary>
    private AnswerResult? Located(KnowledgeSnapshot snapshot, string conversationId, IEnumerable<RegulationHit> ranked, IReadOnlyList<string> terms, WrittenAnswer? written)
    {
        var articles = new List<CitedArticle>();
        var hits = new List<RegulationHit>();
        foreach (var hit in ranked)
        {
            if (Locate(snapshot, hit) is { } cited)
            {
                articles.Add(cited);
                hits.Add(hit);
            }
            else if (written is not null)
            {
                return null;
            }
        }

        if (articles.Count == 0)
        {
            return null;
        }

        memory.Remember(conversationId, articles[0].Document.Document.Title);
        memory.RememberArticle(conversationId, articles[0].Document.Id, articles[0].Ordinal);
        return new AnswerResult(null, articles, hits, terms, written);
    }

    /// <summary>Remembers the document of an article the member opened, so a bare "第三十条" follows it.</summary>
    public void Opened(string conversationId, CitedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        memory.Remember(conversationId, article.Document.Document.Title);
        memory.RememberArticle(conversationId, article.Document.Id, article.Ordinal);
    }

    /// <summary>The article this conversation was last answered with or opened, if it is still there.</summary>
    public CitedArticle? LastArticle(string conversationId) =>
        memory.LastArticle(conversationId) is { } last ? Find(last.DocumentId, last.Ordinal) : null;

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
