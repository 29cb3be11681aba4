using System.Text;
using System.Text.RegularExpressions;
using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>A term of the analysed question.</summary>
/// <param name="Key">Term key (see <see cref="QueryTerms"/>).</param>
/// <param name="Weight">Query weight before IDF.</param>
/// <param name="IsOriginal">Written in the question (true) or added by a synonym/expansion (false); coverage counts originals.</param>
/// <param name="Groups">For originals: bits of the synonym groups whose word contains this term. For additions: the bit of the group it came from (0 if it earns no coverage credit).</param>
/// <param name="Part">For expansion words: which part of the collective term it is (-1 otherwise).</param>
/// <param name="Start">Offset in <see cref="AnalyzedQuestion.Text"/>, for highlighting; -1 for additions.</param>
/// <param name="Length">Length in <see cref="AnalyzedQuestion.Text"/>.</param>
/// <param name="Clause">Which sentence of the question the term is in (a question may ask two things).</param>
internal readonly record struct QueryTerm(long Key, float Weight, bool IsOriginal, int Groups, int Part, int Start, int Length, int Clause = 0);

/// <summary>What the question asks, in index terms.</summary>
internal sealed record AnalyzedQuestion(
    string Text,
    IReadOnlyList<QueryTerm> Terms,
    IReadOnlyList<(int Bit, int PartCount)> Groups,
    int? ArticleNumber,
    string? ArticleLabel,
    int? Year,
    bool IsEnglish,
    System.Text.RegularExpressions.Regex? AmountAsked)
{
    /// <summary>
    /// The content words of the question (segmented, function words left out), each with its thesaurus
    /// synonyms; for English, the stems. An article that says none of a focus word's forms does not answer it,
    /// whether or not the index knows the word.
    /// </summary>
    public IReadOnlyList<string[]> FocusWords { get; init; } = [];
}

/// <summary>
/// Turns a colloquial question into weighted terms: folding, article-number and edition-year detection,
/// segmentation with a general dictionary (jieba) to drop the words that only ask (什么, 吗, 的), character
/// n-grams of the rest, and synonyms of its words from a general thesaurus (<see cref="GeneralVocabulary"/>).
/// English questions become English word terms, matched against imported official translations.
/// </summary>
internal static partial class QuestionAnalyzer
{
    private const float SynonymWeight = 0.6f;
    private const int MaxTerms = 128;
    private const int MaxGroups = 31;

    /// <param name="question">The question as the member typed it.</param>
    public static AnalyzedQuestion Analyze(string question)
    {
        var folded = ChineseTextFolding.Fold(question);
        var letters = folded.Count(char.IsAsciiLetter);
        var han = folded.Count(ChineseTextFolding.IsHan);
        var isEnglish = letters >= 6 && letters > han * 2;

        int? articleNumber = null;
        string? articleLabel = null;
        var article = ArticleReference().Match(folded);
        if (article.Success && ChineseNumerals.Parse(article.Groups[1].ValueSpan) is { } number)
        {
            articleNumber = number;
            articleLabel = ChineseNumerals.ArticleLabel(number) + article.Groups[2].Value;
            folded = Blank(folded, article.Index, article.Length);
        }
        else if (isEnglish && EnglishArticleReference().Match(folded) is { Success: true } english)
        {
            articleNumber = int.Parse(english.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            articleLabel = ChineseNumerals.ArticleLabel(articleNumber.Value);
            folded = Blank(folded, english.Index, english.Length);
        }

        int? year = null;
        var yearMatch = EditionYearReference().Match(folded);
        if (yearMatch.Success)
        {
            year = int.Parse(yearMatch.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            folded = Blank(folded, yearMatch.Index, yearMatch.Length);
        }

        var amountAsked = QuantityFocus.AmountAsked(folded);
        var terms = new Dictionary<long, QueryTerm>();
        var groups = new List<(int Bit, int PartCount)>();
        var focus = new List<string[]>();
        if (isEnglish)
        {
            AddEnglishTerms(folded, terms);
            focus.AddRange(EnglishWords(folded).Select(w => new[] { w.Stem }).DistinctBy(w => w[0]));
        }
        else
        {
            folded = AnalyzeChinese(folded, terms, groups, focus);
        }

        var clauseAt = new int[folded.Length + 1];
        for (int i = 0, clause = 0; i < folded.Length; i++)
        {
            clauseAt[i] = clause;
            if (folded[i] is '？' or '?' or '！' or '!' or '；' or ';' or '。')
            {
                clause = Math.Min(clause + 1, 7);
            }
        }

        foreach (var (key, term) in terms.ToArray())
        {
            if (term.IsOriginal && term.Start >= 0)
            {
                terms[key] = term with { Clause = clauseAt[term.Start] };
            }
        }

        var ordered = terms.Values.OrderByDescending(t => t.IsOriginal).ThenByDescending(t => t.Weight).Take(MaxTerms).ToArray();
        return new AnalyzedQuestion(folded, ordered, groups, articleNumber, articleLabel, year, isEnglish, amountAsked) { FocusWords = focus };
    }

    /// <summary>Key of an English word (lower case, light stem); the index gives translations the same keys.</summary>
    public static long EnglishKey(string stem) => (1L << 48) + (uint)StableHash(stem);

    /// <summary>The content words of English text, stemmed, stop words left out.</summary>
    public static IEnumerable<(int Start, string Stem)> EnglishWords(string text)
    {
        foreach (Match word in EnglishWord().Matches(text))
        {
            var lower = word.Value.ToLowerInvariant().Trim('\'');
            if (lower.Length < 2 || GeneralVocabulary.IsEnglishStopWord(lower) || lower.All(char.IsAsciiDigit))
            {
                continue;
            }

            yield return (word.Index, Stem(lower));
        }
    }

    /// <summary>Key for a Latin/digit token inside Chinese text ("hr", "2024").</summary>
    public static long AsciiKey(string token) => EnglishKey(Stem(token.ToLowerInvariant()));

    private static string AnalyzeChinese(string folded, Dictionary<long, QueryTerm> terms, List<(int Bit, int PartCount)> groups, List<string[]> focus)
    {
        var words = GeneralVocabulary.Segment(folded);
        var builder = new StringBuilder(folded);
        foreach (var (start, word, isFunction) in words)
        {
            if (isFunction)
            {
                for (var i = start; i < start + word.Length; i++)
                {
                    builder[i] = ' ';
                }
            }
        }

        var text = builder.ToString();
        var wordGroupBits = new int[text.Length];
        foreach (var (start, word, isFunction) in words)
        {
            if (isFunction || word.Length < 2 || !word.All(ChineseTextFolding.IsHan))
            {
                continue;
            }

            var synonyms = GeneralVocabulary.Synonyms(word);
            focus.Add([word, .. synonyms]);
            if (groups.Count >= MaxGroups)
            {
                continue;
            }

            if (synonyms.Count == 0)
            {
                continue;
            }

            var bit = 1 << groups.Count;
            groups.Add((bit, 0));
            for (var i = start; i < start + word.Length; i++)
            {
                wordGroupBits[i] |= bit;
            }

            foreach (var synonym in synonyms)
            {
                for (var i = 1; i < synonym.Length; i++)
                {
                    Put(terms, new QueryTerm(QueryTerms.Bigram(synonym[i - 1], synonym[i]), QueryTerms.BigramWeight * SynonymWeight, false, bit, -1, -1, 0));
                }
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!ChineseTextFolding.IsHan(text[i]))
            {
                continue;
            }

            Put(terms, new QueryTerm(QueryTerms.Unigram(text[i]), QueryTerms.UnigramWeight, true, wordGroupBits[i], -1, i, 1));
            if (i > 0 && ChineseTextFolding.IsHan(text[i - 1]))
            {
                Put(terms, new QueryTerm(QueryTerms.Bigram(text[i - 1], text[i]), QueryTerms.BigramWeight, true, wordGroupBits[i - 1] & wordGroupBits[i], -1, i - 1, 2));
            }
        }

        foreach (Match token in AsciiToken().Matches(text))
        {
            Put(terms, new QueryTerm(AsciiKey(token.Value), QueryTerms.WordWeight, true, 0, -1, token.Index, token.Length));
        }

        return text;
    }

    private static void AddEnglishTerms(string text, Dictionary<long, QueryTerm> terms)
    {
        foreach (var (start, stem) in EnglishWords(text))
        {
            Put(terms, new QueryTerm(EnglishKey(stem), QueryTerms.WordWeight, true, 0, -1, start, stem.Length));
        }

        // Han characters written inside an English question (a title, a term) still count.
        for (var i = 0; i < text.Length; i++)
        {
            if (ChineseTextFolding.IsHan(text[i]) && i > 0 && ChineseTextFolding.IsHan(text[i - 1]))
            {
                Put(terms, new QueryTerm(QueryTerms.Bigram(text[i - 1], text[i]), QueryTerms.BigramWeight, true, 0, -1, i - 1, 2));
            }
        }
    }

    private static void Put(Dictionary<long, QueryTerm> terms, QueryTerm term)
    {
        if (!terms.TryGetValue(term.Key, out var existing))
        {
            terms[term.Key] = term;
            return;
        }

        // An original occurrence beats an added one; otherwise keep the stronger weight and all group bits.
        if (existing.IsOriginal && !term.IsOriginal)
        {
            terms[term.Key] = existing with { Groups = existing.Groups | term.Groups };
        }
        else if (!existing.IsOriginal && term.IsOriginal)
        {
            terms[term.Key] = term with { Groups = existing.Groups | term.Groups };
        }
        else
        {
            terms[term.Key] = (term.Weight > existing.Weight ? term : existing) with { Groups = existing.Groups | term.Groups };
        }
    }

    // Light stemming (plural, -ing, -ed) so "members" meets "member" and "held" stays itself; the thesaurus does the rest.
    internal static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            return word[..^3];
        }

        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }

    private static string Blank(string text, int start, int length) =>
        string.Concat(text.AsSpan(0, start), new string(' ', length), text.AsSpan(start + length));

    [GeneratedRegex(@"第\s*([零一二三四五六七八九十百千〇两\d]+)\s*条(之[一二三四五六七八九十]+)?")]
    private static partial Regex ArticleReference();

    [GeneratedRegex(@"\barticle\s+(\d{1,3})\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishArticleReference();

    [GeneratedRegex(@"((?:19|20)\d\d)\s*(?:年版|年修订|年修正|版|年)")]
    private static partial Regex EditionYearReference();

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex AsciiToken();

    [GeneratedRegex(@"[A-Za-z][A-Za-z']*")]
    private static partial Regex EnglishWord();
}
