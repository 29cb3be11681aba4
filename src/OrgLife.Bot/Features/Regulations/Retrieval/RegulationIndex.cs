using System.Runtime.InteropServices;
using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// Immutable in-memory index over regulation articles. Build once (on start-up or after an import) and
/// share: searches only read, so any number of threads may search concurrently; to re-import, build a new
/// index and swap the reference (see <see cref="RegulationLibrary"/>).
/// </summary>
/// <remarks>
/// Ranking is BM25F-like over three fields (article text, heading path, document title) with postings in
/// compressed-row arrays. Confidence is not the score (BM25 is unbounded and query dependent) but the share
/// of the question's IDF-weighted terms the article contains, synonyms credited; that is what makes
/// "not covered" comparable across questions.
/// </remarks>
internal sealed class RegulationIndex
{
    /// <summary>
    /// Below it, the best hit answers too little of the question. Confidence is half the IDF-weighted share of the
    /// question's known terms the article has, half the share of its content words the article says in some form
    /// (so a question about something no document mentions is refused whatever the index size). Chosen on the
    /// tune half of dev.jsonl (kb eval --holdout 0.5 --seed 1), never on the held-out half or our own questions.
    /// </summary>
    public const double DefaultMinimumConfidence = 0.46;

    /// <summary>Confidence of a look-up by number alone when several documents have that article.</summary>
    public const double AmbiguousLookupConfidence = 0.5;

    private const float K1 = 1.2f;
    private const float B = 0.75f;
    private const float HeadingFieldWeight = 1f;
    private const float TitleFieldWeight = 1f;
    private const float MentionedDocumentBoost = 1.6f;
    private const float CoverageFloor = 0.3f;
    private const int Candidates = 40;
    private const float UnknownTerm = -1;
    private const float IgnoredTerm = -2;
    private const double MinimumClauseShare = 0.3;
    private const double ClauseCoverageDiscount = 0.9;
    private const float DocumentPriorWeight = 0.8f;
    private const double FocusShareWeight = 0.5;
    private const double ProximityWeight = 0.5;

    // The short name of the Party Constitution, which its own text uses ("违反党章"); other short names come
    // from the titles themselves (中华人民共和国/中国共产党 prefix dropped).
    private static readonly (string Alias, string Title)[] CommonTitleAbbreviations = [("党章", "中国共产党章程")];

    [ThreadStatic]
    private static float[]? t_scores;

    [ThreadStatic]
    private static UInt128[]? t_masks;

    private readonly RegulationDocument[] _documents;
    private readonly RegulationArticle[] _articles;
    private readonly int[] _articleDocument;
    private readonly int[] _documentFirstArticle;
    private readonly bool[] _superseded;
    private readonly int[] _newerEdition;
    private readonly Dictionary<long, int> _termIds;

    // The title is one field per document, not per article: scored once per document and added to its articles,
    // which keeps 60k copies of "中华人民共和国…" out of the postings.
    private readonly Dictionary<long, int[]> _titleDocuments;
    private readonly int[] _postingStart;
    private readonly int[] _postingArticle;
    private readonly float[] _postingWeight;
    private readonly float[] _idf;
    private readonly float[] _documentIdf;
    private readonly float _averageDocumentArticles;
    private readonly Dictionary<long, int> _articleByNumber;
    private readonly PhraseMatcher _titleMatcher;
    private readonly Dictionary<string, int[]> _documentsByAlias;

    private RegulationIndex(
        RegulationDocument[] documents,
        RegulationArticle[] articles,
        int[] articleDocument,
        int[] documentFirstArticle,
        Dictionary<long, int> termIds,
        int[] postingStart,
        int[] postingArticle,
        float[] postingWeight,
        Dictionary<long, int[]> titleDocuments)
    {
        _titleDocuments = titleDocuments;
        _documents = documents;
        _articles = articles;
        _articleDocument = articleDocument;
        _documentFirstArticle = documentFirstArticle;
        _termIds = termIds;
        _postingStart = postingStart;
        _postingArticle = postingArticle;
        _postingWeight = postingWeight;

        var n = Math.Max(articles.Length, 1);
        _idf = new float[termIds.Count];
        for (var t = 0; t < _idf.Length; t++)
        {
            var df = postingStart[t + 1] - postingStart[t];
            _idf[t] = (float)Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
        }

        // Document-level IDF of each term: how few documents use it at all. Feeds the document prior.
        _documentIdf = new float[termIds.Count];
        var documentCount = Math.Max(documents.Length, 1);
        _averageDocumentArticles = Math.Max(1f, (float)articles.Length / documentCount);
        for (var t = 0; t < _documentIdf.Length; t++)
        {
            var df = 0;
            var last = -1;
            for (var p = postingStart[t]; p < postingStart[t + 1]; p++)
            {
                var d = articleDocument[postingArticle[p]];
                if (d != last)
                {
                    df++;
                    last = d;
                }
            }

            _documentIdf[t] = (float)Math.Log(1 + ((documentCount - df + 0.5) / (df + 0.5)));
        }

        (_superseded, _newerEdition) = FindSupersededEditions(documents);
        _articleByNumber = [];
        for (var a = 0; a < articles.Length; a++)
        {
            if (articles[a].Number is { } number)
            {
                _articleByNumber.TryAdd(ArticleKey(articleDocument[a], number), a);
            }
        }

        _documentsByAlias = BuildAliases(documents);
        _titleMatcher = new PhraseMatcher(_documentsByAlias.Keys);
    }

    public static RegulationIndex Empty { get; } = Build([]);

    public IReadOnlyList<RegulationDocument> Documents => _documents;

    public int ArticleCount => _articles.Length;

    public int TermCount => _termIds.Count;

    /// <summary>Indexes the documents; identical documents (same content hash) are indexed once.</summary>
    public static RegulationIndex Build(IEnumerable<RegulationDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var docs = documents.Where(d => seen.Add(d.ContentHash)).ToArray();
        var totalArticles = docs.Sum(d => d.Articles.Count);
        var articles = new RegulationArticle[totalArticles];
        var articleDocument = new int[totalArticles];
        var documentFirstArticle = new int[docs.Length + 1];
        var lengths = new float[totalArticles];
        var termIds = new Dictionary<long, int>();
        var forwardStart = new int[totalArticles + 1];
        var forwardTerms = new List<int>(totalArticles * 64);
        var forwardTf = new List<float>(totalArticles * 64);
        var bag = new Dictionary<long, float>();
        var titleBag = new Dictionary<long, float>();
        var titleDocuments = new Dictionary<long, List<int>>();

        var a = 0;
        for (var d = 0; d < docs.Length; d++)
        {
            documentFirstArticle[d] = a;
            titleBag.Clear();
            QueryTerms.AddTerms(ChineseTextFolding.Fold(docs[d].Title + " " + docs[d].Part), 1f, titleBag);
            foreach (var key in titleBag.Keys)
            {
                if (!titleDocuments.TryGetValue(key, out var list))
                {
                    titleDocuments[key] = list = [];
                }

                list.Add(d);
            }
            string? lastHeading = null;
            var headingBag = new Dictionary<long, float>();
            var headingLength = 0;
            foreach (var article in docs[d].Articles)
            {
                var heading = string.Join(' ', article.HeadingPath);
                if (heading != lastHeading)
                {
                    headingBag.Clear();
                    QueryTerms.AddTerms(ChineseTextFolding.Fold(heading), HeadingFieldWeight, headingBag);
                    headingLength = heading.Length;
                    lastHeading = heading;
                }

                bag.Clear();
                QueryTerms.AddTerms(ChineseTextFolding.Fold(article.Text), 1f, bag);
                if (article.Translation is { } translation)
                {
                    // English questions meet the official translation; the hit is still the Chinese article.
                    QueryTerms.AddEnglishTerms(translation, 1f, bag);
                }

                foreach (var (key, weight) in headingBag)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(bag, key, out _) += weight;
                }

                articles[a] = article;
                articleDocument[a] = d;
                lengths[a] = article.Text.Length + headingLength;
                forwardStart[a] = forwardTerms.Count;
                foreach (var (key, tf) in bag)
                {
                    ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(termIds, key, out var exists);
                    if (!exists)
                    {
                        id = termIds.Count - 1;
                    }

                    forwardTerms.Add(id);
                    forwardTf.Add(tf);
                }

                a++;
            }
        }

        documentFirstArticle[docs.Length] = a;
        forwardStart[totalArticles] = forwardTerms.Count;

        // Invert the forward lists into compressed rows: one contiguous slice of articles per term.
        var postingStart = new int[termIds.Count + 1];
        foreach (var id in forwardTerms)
        {
            postingStart[id + 1]++;
        }

        for (var t = 0; t < termIds.Count; t++)
        {
            postingStart[t + 1] += postingStart[t];
        }

        var fill = postingStart[..^1].ToArray();
        var postingArticle = new int[forwardTerms.Count];
        var postingWeight = new float[forwardTerms.Count];
        var averageLength = totalArticles == 0 ? 1f : Math.Max(lengths.Average(), 1f);
        for (var article = 0; article < totalArticles; article++)
        {
            var norm = K1 * (1 - B + (B * lengths[article] / averageLength));
            for (var f = forwardStart[article]; f < forwardStart[article + 1]; f++)
            {
                var slot = fill[forwardTerms[f]]++;
                var tf = forwardTf[f];
                postingArticle[slot] = article;
                postingWeight[slot] = tf * (K1 + 1) / (tf + norm);
            }
        }

        var titles = titleDocuments.ToDictionary(p => p.Key, p => p.Value.ToArray());
        return new RegulationIndex(docs, articles, articleDocument, documentFirstArticle, termIds, postingStart, postingArticle, postingWeight, titles);
    }

    /// <summary>The article with this number in the newest edition of the titled document, if any.</summary>
    public RegulationArticle? Find(string title, int number)
    {
        ArgumentNullException.ThrowIfNull(title);
        var document = ResolveDocument(ChineseTextFolding.Fold(title), null);
        return document >= 0 && _articleByNumber.TryGetValue(ArticleKey(document, number), out var a) ? _articles[a] : null;
    }

    /// <summary>Ranks articles for a question. Safe to call from many threads at once.</summary>
    public RegulationSearchResult Search(string question, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        options ??= SearchOptions.Default;
        var query = QuestionAnalyzer.Analyze(question);
        var allowed = AllowedDocuments(query.Year);
        var mentioned = MentionedDocument(query.Text, allowed);
        var hits = new List<RegulationHit>();

        var direct = DirectLookup(query, mentioned, options, allowed);
        if (direct is not null)
        {
            hits.Add(direct);
        }

        // "第三十条" that names no document: articles with that number rank higher among the documents' matches.
        var ranked = Rank(query, allowed, mentioned, direct is null ? query.ArticleNumber : null);
        foreach (var hit in ranked)
        {
            if (hits.Count >= options.MaxHits)
            {
                break;
            }

            if (direct is null || !ReferenceEquals(hit.Article, direct.Article))
            {
                hits.Add(hit);
            }
        }

        if (direct is null && query.ArticleNumber is { } number && hits.Count == 0)
        {
            // Only a number, and several documents have it: offer each, so the caller can ask which one.
            hits.AddRange(ArticlesNumbered(number, allowed).Take(options.MaxHits)
                .Select(a => new RegulationHit(_articles[a], _documents[_articleDocument[a]], 0, AmbiguousLookupConfidence, [_articles[a].Label], true)));
            return new RegulationSearchResult(question, hits, hits.Count == 0);
        }

        var notCovered = hits.Count == 0 || (direct is null && hits[0].Confidence < options.MinimumConfidence);
        return new RegulationSearchResult(question, hits, notCovered);
    }

    private int CommonTermThreshold(QueryTerm term) =>
        !term.IsOriginal ? Math.Max(1000, _articles.Length / 40)
        : term.Key < 0x10000 ? Math.Max(2000, _articles.Length / 20)
        : Math.Max(5000, _articles.Length / 10);

    private List<RegulationHit> Rank(AnalyzedQuestion query, bool[] allowed, int mentioned, int? preferredNumber)
    {
        var n = _articles.Length;

        // Per-thread scratch: renting 1–2 MB per question from the shared pool falls through to the large object
        // heap and turns into gen-2 collections under load.
        if (t_scores is null || t_scores.Length < n)
        {
            t_scores = new float[n];
            t_masks = new UInt128[n];
        }

        var scores = t_scores;
        var masks = t_masks!;
        {
            Array.Clear(scores, 0, n);
            Array.Clear(masks, 0, n);
            var terms = query.Terms;
            var termIdf = new float[terms.Count];
            var titleContribution = new float[terms.Count];
            var documentMasks = new UInt128[_documents.Length];
            var documentScores = new float[_documents.Length];

            // Which question terms each document uses anywhere: coverage is judged against the hit's own document's
            // vocabulary, so a 党章 article is exactly as confident among 65k law articles as alone.
            var documentKnown = new UInt128[_documents.Length];
            for (var q = 0; q < terms.Count; q++)
            {
                if (_titleDocuments.TryGetValue(terms[q].Key, out var titled))
                {
                    var titleIdf = (float)Math.Log(1 + ((_documents.Length - titled.Length + 0.5) / (titled.Length + 0.5)));
                    titleContribution[q] = terms[q].Weight * titleIdf * TitleFieldWeight;
                    foreach (var d in titled)
                    {
                        documentMasks[d] |= UInt128.One << q;
                    }
                }

                if (!_termIds.TryGetValue(terms[q].Key, out var id))
                {
                    termIdf[q] = titled is null ? UnknownTerm : IgnoredTerm;
                    continue;
                }

                var df = _postingStart[id + 1] - _postingStart[id];
                if (df > CommonTermThreshold(terms[q]))
                {
                    // Characters and pairs in a large share of all articles rank nothing but cost most of the time.
                    termIdf[q] = IgnoredTerm;
                    continue;
                }

                var idf = _idf[id];
                termIdf[q] = idf;
                var weight = terms[q].Weight * idf;
                var bit = UInt128.One << q;
                var documentWeight = terms[q].IsOriginal ? terms[q].Weight * _documentIdf[id] : 0;
                var lastDocument = -1;
                var run = 0;
                for (var p = _postingStart[id]; p < _postingStart[id + 1]; p++)
                {
                    var article = _postingArticle[p];
                    scores[article] += weight * _postingWeight[p];
                    masks[article] |= bit;
                    var document = _articleDocument[article];
                    if (document != lastDocument)
                    {
                        documentKnown[document] |= bit;
                        AddDocumentEvidence(documentScores, lastDocument, run, documentWeight);
                        lastDocument = document;
                        run = 0;
                    }

                    run++;
                }

                AddDocumentEvidence(documentScores, lastDocument, run, documentWeight);
            }

            // Document prior: how much of the question's vocabulary the document uses anywhere, weighted by how few
            // documents use each term. Party vocabulary (预备期, 党费, 支部) is spread over the Party documents and
            // rare elsewhere, so their articles are preferred to a law that shares a word or two.
            var bestDocumentScore = documentScores.Length == 0 ? 0 : documentScores.Max();
            var priors = new float[_documents.Length];
            for (var d = 0; d < priors.Length; d++)
            {
                priors[d] = bestDocumentScore <= 0 ? 1 : 1 + (DocumentPriorWeight * ((documentScores[d] / bestDocumentScore) - 1));
            }

            // Keep the best candidates by raw score, then re-rank them by how much of the question they cover.
            var heap = new PriorityQueue<int, float>(Candidates + 1);
            for (var article = 0; article < n; article++)
            {
                var document = _articleDocument[article];
                var score = scores[article];
                if (score <= 0 || !allowed[document])
                {
                    continue;
                }

                // Like BM25F, the title helps with the words the article itself does not say: a term found in
                // both is not counted twice.
                var titleOnly = documentMasks[document] & ~masks[article];
                while (titleOnly != UInt128.Zero)
                {
                    var q = (int)UInt128.TrailingZeroCount(titleOnly);
                    score += titleContribution[q];
                    titleOnly &= titleOnly - UInt128.One;
                }

                masks[article] |= documentMasks[document];
                score *= priors[document];
                if (document == mentioned)
                {
                    score *= MentionedDocumentBoost;
                }

                if (preferredNumber is not null && _articles[article].Number == preferredNumber)
                {
                    score *= MentionedDocumentBoost;
                }

                scores[article] = score;
                if (heap.Count < Candidates)
                {
                    heap.Enqueue(article, score);
                }
                else if (heap.TryPeek(out _, out var lowest) && score > lowest)
                {
                    heap.DequeueEnqueue(article, score);
                }
            }

            var focusWeights = FocusWeights(query);
            var hits = new List<RegulationHit>(heap.Count);
            while (heap.TryDequeue(out var article, out var score))
            {
                var coverage = Coverage(query, termIdf, masks[article], documentKnown[_articleDocument[article]] | masks[article]);
                coverage = ((1 - FocusShareWeight) * coverage) + (FocusShareWeight * FocusShare(query, focusWeights, article));
                var final = score * (CoverageFloor + ((1 - CoverageFloor) * coverage)) * (1 + (ProximityWeight * Proximity(query, _articles[article].Text)));
                if (query.AmountAsked is { } amount && !amount.IsMatch(_articles[article].Text))
                {
                    coverage *= QuantityFocus.MissingAmountFactor;
                    final *= QuantityFocus.MissingAmountFactor;
                }
                hits.Add(new RegulationHit(_articles[article], _documents[_articleDocument[article]], final, coverage, MatchedTerms(query, masks[article]), false));
            }

            hits.Sort((x, y) => y.Score.CompareTo(x.Score));
            return hits;
        }
    }

    private double Coverage(AnalyzedQuestion query, float[] termIdf, UInt128 mask, UInt128 knownInDocument)
    {
        // Which synonym groups / expansion parts this article satisfies.
        var matchedGroups = 0;
        Span<int> partsMatched = stackalloc int[32];
        for (var q = 0; q < query.Terms.Count; q++)
        {
            var term = query.Terms[q];
            if (!term.IsOriginal && term.Groups != 0 && (mask & (UInt128.One << q)) != 0)
            {
                matchedGroups |= term.Groups;
                if (term.Part >= 0)
                {
                    partsMatched[System.Numerics.BitOperations.Log2((uint)term.Groups)] |= 1 << term.Part;
                }
            }
        }

        Span<double> clauseTotal = stackalloc double[8];
        Span<double> clauseCovered = stackalloc double[8];
        double total = 0;
        double covered = 0;
        for (var q = 0; q < query.Terms.Count; q++)
        {
            var term = query.Terms[q];
            if (!term.IsOriginal)
            {
                continue;
            }

            // A term no article uses (a typo, a word of the asker's own) says nothing about any article: it is
            // left out rather than counted against every one, so confidence does not fall as the index grows.
            if (termIdf[q] is IgnoredTerm or UnknownTerm)
            {
                continue;
            }

            // Likewise a term only other documents use (a colloquial word a law happens to say): adding documents
            // to the index must not make an article less confident.
            if ((knownInDocument & (UInt128.One << q)) == 0)
            {
                continue;
            }

            var idf = termIdf[q];
            var weight = term.Weight * idf;
            var credit = 0.0;
            if ((mask & (UInt128.One << q)) != 0)
            {
                credit = weight;
            }
            else if ((term.Groups & matchedGroups) != 0)
            {
                credit = weight * GroupCredit(query, term.Groups & matchedGroups, partsMatched);
            }

            total += weight;
            covered += credit;
            clauseTotal[term.Clause] += weight;
            clauseCovered[term.Clause] += credit;
        }

        if (total <= 0)
        {
            return 0;
        }

        // A question that asks two things is well answered by an article that fully answers one of them.
        var best = covered / total;
        for (var c = 0; c < clauseTotal.Length; c++)
        {
            if (clauseTotal[c] >= total * MinimumClauseShare)
            {
                best = Math.Max(best, ClauseCoverageDiscount * clauseCovered[c] / clauseTotal[c]);
            }
        }

        return best;
    }

    /// <summary>
    /// BM25 at the level of documents: the "term frequency" of a document is how many of its articles use the term,
    /// normalised by its number of articles, so a code of a thousand articles that uses every common word once
    /// does not outweigh a short regulation written in the question's vocabulary.
    /// </summary>
    private void AddDocumentEvidence(float[] documentScores, int document, int articlesWithTerm, float weight)
    {
        if (document < 0 || weight <= 0)
        {
            return;
        }

        var length = _documentFirstArticle[document + 1] - _documentFirstArticle[document];
        var norm = K1 * (1 - B + (B * length / _averageDocumentArticles));
        documentScores[document] += weight * articlesWithTerm * (K1 + 1) / (articlesWithTerm + norm);
    }

    /// <summary>
    /// Share of the question's three-character runs that the article contains as written: neighbouring articles
    /// share words, the one that says the question's phrase in the same order is the better answer.
    /// </summary>
    private static double Proximity(AnalyzedQuestion query, string articleText)
    {
        var text = query.Text;
        var total = 0;
        var found = 0;
        for (var i = 2; i < text.Length; i++)
        {
            if (ChineseTextFolding.IsHan(text[i - 2]) && ChineseTextFolding.IsHan(text[i - 1]) && ChineseTextFolding.IsHan(text[i]))
            {
                total++;
                found += articleText.AsSpan().IndexOf(text.AsSpan(i - 2, 3), StringComparison.Ordinal) >= 0 ? 1 : 0;
            }
        }

        return total == 0 ? 0 : (double)found / total;
    }

    /// <summary>
    /// How much each content word of the question matters: the mean IDF of its bigrams (of the word itself in
    /// English). A word no document uses gets the highest IDF: it is what the question asks about, and no
    /// article says it, so it must weigh against every article rather than be ignored.
    /// </summary>
    private double[] FocusWeights(AnalyzedQuestion query)
    {
        var maxIdf = (float)Math.Log(1 + ((_articles.Length - 0.5) / 1.5));
        var weights = new double[query.FocusWords.Count];
        for (var f = 0; f < weights.Length; f++)
        {
            var word = query.FocusWords[f][0];
            if (query.IsEnglish)
            {
                weights[f] = _termIds.TryGetValue(QuestionAnalyzer.EnglishKey(word), out var id) ? _idf[id] : maxIdf;
                continue;
            }

            double sum = 0;
            for (var i = 1; i < word.Length; i++)
            {
                sum += _termIds.TryGetValue(QueryTerms.Bigram(word[i - 1], word[i]), out var id) ? _idf[id] : maxIdf;
            }

            weights[f] = word.Length > 1 ? sum / (word.Length - 1) : 0;
        }

        return weights;
    }

    /// <summary>IDF-weighted share of the question's content words that the article (text, headings, title) says in some form.</summary>
    private double FocusShare(AnalyzedQuestion query, double[] weights, int article)
    {
        var a = _articles[article];
        double found = 0;
        double total = 0;
        for (var f = 0; f < weights.Length; f++)
        {
            total += weights[f];
            var forms = query.FocusWords[f];
            if (query.IsEnglish)
            {
                found += a.Translation is { } english && english.Contains(forms[0], StringComparison.OrdinalIgnoreCase) ? weights[f] : 0;
                continue;
            }

            foreach (var form in forms)
            {
                if (a.Text.Contains(form, StringComparison.Ordinal) || a.DocumentTitle.Contains(form, StringComparison.Ordinal)
                    || a.HeadingPath.Any(h => h.Contains(form, StringComparison.Ordinal)))
                {
                    found += weights[f];
                    break;
                }
            }
        }

        return total <= 0 ? 1 : found / total;
    }

    private static double GroupCredit(AnalyzedQuestion query, int groups, ReadOnlySpan<int> partsMatched)
    {
        double best = 0;
        foreach (var (bit, partCount) in query.Groups)
        {
            if ((groups & bit) == 0)
            {
                continue;
            }

            // A synonym stands for the whole word; one part of a collective term (党课 for 三会一课) only for its share.
            var credit = partCount == 0 ? 0.9 : 0.9 * System.Numerics.BitOperations.PopCount((uint)partsMatched[System.Numerics.BitOperations.Log2((uint)bit)]) / partCount;
            best = Math.Max(best, credit);
        }

        return best;
    }

    private static string[] MatchedTerms(AnalyzedQuestion query, UInt128 mask)
    {
        var marked = new bool[query.Text.Length];
        for (var q = 0; q < query.Terms.Count; q++)
        {
            var term = query.Terms[q];
            if (term.IsOriginal && term.Length >= 2 && (mask & (UInt128.One << q)) != 0)
            {
                Array.Fill(marked, true, term.Start, term.Length);
            }
        }

        var result = new List<string>();
        for (var i = 0; i < marked.Length; i++)
        {
            if (!marked[i])
            {
                continue;
            }

            var start = i;
            while (i < marked.Length && marked[i])
            {
                i++;
            }

            result.Add(query.Text[start..i]);
        }

        return [.. result.Distinct(StringComparer.Ordinal)];
    }

    private IEnumerable<int> ArticlesNumbered(int number, bool[] allowed)
    {
        for (var d = 0; d < _documents.Length; d++)
        {
            if (allowed[d] && _articleByNumber.TryGetValue(ArticleKey(d, number), out var a))
            {
                yield return a;
            }
        }
    }

    private RegulationHit? DirectLookup(AnalyzedQuestion query, int mentioned, SearchOptions options, bool[] allowed)
    {
        if (query.ArticleNumber is not { } number)
        {
            return null;
        }

        var document = mentioned;
        if (document < 0 && options.ContextDocumentTitle is { } context)
        {
            document = ResolveDocument(ChineseTextFolding.Fold(context), allowed);
        }

        if (document < 0)
        {
            var holders = Enumerable.Range(0, _documents.Length).Where(d => allowed[d] && _articleByNumber.ContainsKey(ArticleKey(d, number))).Take(2).ToArray();
            if (holders.Length != 1)
            {
                return null;
            }

            document = holders[0];
        }

        if (!_articleByNumber.TryGetValue(ArticleKey(document, number), out var a))
        {
            return null;
        }

        var article = _articles[a];
        if (query.ArticleLabel is { } label && label != article.Label)
        {
            // 第十七条之一 is a separate article that shares the number.
            for (var i = _documentFirstArticle[document]; i < _documentFirstArticle[document + 1]; i++)
            {
                if (_articles[i].Label == label)
                {
                    article = _articles[i];
                    break;
                }
            }
        }

        return new RegulationHit(article, _documents[document], double.MaxValue, 1, [article.Label], true);
    }

    private bool[] AllowedDocuments(int? year)
    {
        var allowed = new bool[_documents.Length];
        for (var d = 0; d < _documents.Length; d++)
        {
            allowed[d] = !_superseded[d];
        }

        if (year is null)
        {
            return allowed;
        }

        // An older edition answers only when the question names its year; it then replaces the newer one.
        for (var d = 0; d < _documents.Length; d++)
        {
            if (_superseded[d] && _documents[d].EditionYear == year)
            {
                allowed[d] = true;
                for (var newer = _newerEdition[d]; newer >= 0; newer = _newerEdition[newer])
                {
                    allowed[newer] = false;
                }
            }
        }

        return allowed;
    }

    private int MentionedDocument(string text, bool[] allowed)
    {
        var found = new List<(int Start, string Phrase)>();
        _titleMatcher.FindAll(text, found);
        var best = -1;
        var bestLength = 0;
        foreach (var (_, alias) in found)
        {
            if (alias.Length <= bestLength)
            {
                continue;
            }

            var document = PickDocument(_documentsByAlias[alias], allowed);
            if (document >= 0)
            {
                best = document;
                bestLength = alias.Length;
            }
        }

        return best;
    }

    private int ResolveDocument(string foldedTitle, bool[]? allowed)
    {
        allowed ??= AllowedDocuments(null);
        return _documentsByAlias.TryGetValue(foldedTitle.Trim().Trim('《', '》'), out var documents) ? PickDocument(documents, allowed) : -1;
    }

    private static int PickDocument(int[] documents, bool[] allowed)
    {
        foreach (var d in documents)
        {
            if (allowed[d])
            {
                return d;
            }
        }

        return -1;
    }

    private static long ArticleKey(int document, int number) => ((long)document << 20) | (uint)number;

    private static (bool[] Superseded, int[] NewerEdition) FindSupersededEditions(RegulationDocument[] documents)
    {
        var superseded = new bool[documents.Length];
        var newer = new int[documents.Length];
        Array.Fill(newer, -1);
        foreach (var group in Enumerable.Range(0, documents.Length).GroupBy(d => (documents[d].Title, documents[d].Part)))
        {
            var editions = group.OrderByDescending(d => documents[d].EditionYear ?? int.MinValue).ToArray();
            for (var i = 1; i < editions.Length; i++)
            {
                superseded[editions[i]] = true;
                newer[editions[i]] = editions[i - 1];
            }
        }

        return (superseded, newer);
    }

    private static Dictionary<string, int[]> BuildAliases(RegulationDocument[] documents)
    {
        var aliases = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var curated = CommonTitleAbbreviations.ToLookup(a => a.Title, a => a.Alias);
        for (var d = 0; d < documents.Length; d++)
        {
            var title = ChineseTextFolding.Fold(documents[d].Title);
            Add(title, d);
            foreach (var prefix in (string[])["中华人民共和国", "中国共产党"])
            {
                if (title.StartsWith(prefix, StringComparison.Ordinal) && title.Length - prefix.Length >= 2)
                {
                    Add(title[prefix.Length..], d);
                }
            }

            foreach (var alias in curated[documents[d].Title])
            {
                Add(ChineseTextFolding.Fold(alias), d);
            }
        }

        // Newest edition first, so the first allowed document is the one in force.
        return aliases.ToDictionary(
            p => p.Key,
            p => p.Value.Distinct().OrderByDescending(d => documents[d].EditionYear ?? int.MinValue).ToArray(),
            StringComparer.Ordinal);

        void Add(string alias, int document)
        {
            if (alias.Length < 2)
            {
                return;
            }

            if (!aliases.TryGetValue(alias, out var list))
            {
                aliases[alias] = list = [];
            }

            list.Add(document);
        }
    }
}
