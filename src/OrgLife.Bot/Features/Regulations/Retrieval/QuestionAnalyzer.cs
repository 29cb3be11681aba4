using System.Collections.Frozen;
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
    int UnknownEnglishWords,
    bool IsEnglish,
    System.Text.RegularExpressions.Regex? AmountAsked);

/// <summary>
/// Turns a colloquial question into weighted terms: folding, English glossary, removal of question words,
/// article-number and edition-year detection, synonym and expansion terms.
/// </summary>
internal static partial class QuestionAnalyzer
{
    private const float SynonymWeight = 0.8f;
    private const int MaxTerms = 128;

    private static readonly string[] QuestionWords = DomainLexicon.QuestionWords.OrderByDescending(w => w.Length).ToArray();

    private static readonly FrozenDictionary<string, int[]> GroupsByWord = BuildGroupsByWord();

    private static readonly (string[] Words, string Chinese)[] Glossary = DomainLexicon.Glossary
        .Select(g => (EnglishWords(g.English).ToArray(), g.Chinese))
        .OrderByDescending(g => g.Item1.Length)
        .ToArray();

    private static readonly FrozenSet<string> EnglishStopWords = DomainLexicon.EnglishStopWords.Select(Stem).ToFrozenSet(StringComparer.Ordinal);

    /// <param name="question">The question as the member typed it.</param>
    /// <param name="documentFrequency">Document frequency of a term in the index; lets typo correction prefer the reading the documents use.</param>
    public static AnalyzedQuestion Analyze(string question, Func<long, int>? documentFrequency = null)
    {
        var folded = ChineseTextFolding.Fold(question);
        var letters = folded.Count(char.IsAsciiLetter);
        var han = folded.Count(ChineseTextFolding.IsHan);
        var isEnglish = letters >= 6 && letters > han * 2;
        var unknownEnglish = 0;
        if (isEnglish)
        {
            folded = TranslateEnglish(folded, out unknownEnglish);
        }

        int? articleNumber = null;
        string? articleLabel = null;
        var article = ArticleReference().Match(folded);
        if (article.Success && ChineseNumerals.Parse(article.Groups[1].ValueSpan) is { } number)
        {
            articleNumber = number;
            articleLabel = ChineseNumerals.ArticleLabel(number) + article.Groups[2].Value;
            folded = Blank(folded, article.Index, article.Length);
        }

        int? year = null;
        var yearMatch = EditionYearReference().Match(folded);
        if (yearMatch.Success)
        {
            year = int.Parse(yearMatch.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            folded = Blank(folded, yearMatch.Index, yearMatch.Length);
        }

        foreach (Match meta in AnswerFormatPhrase().Matches(folded))
        {
            folded = Blank(folded, meta.Index, meta.Length);
        }

        folded = CorrectTypos(folded, documentFrequency);
        var amountAsked = QuantityFocus.AmountAsked(folded);
        var words = new List<(int Start, string Phrase)>();
        QueryTerms.Lexicon.FindAll(folded, words);
        var isProtected = new bool[folded.Length];
        foreach (var (start, phrase) in words)
        {
            Array.Fill(isProtected, true, start, phrase.Length);
        }

        folded = RemoveQuestionWords(folded, isProtected);
        words.RemoveAll(w => folded.AsSpan(w.Start, w.Phrase.Length).IndexOf(' ') >= 0);

        var terms = new Dictionary<long, QueryTerm>();
        var groups = new List<(int Bit, int PartCount)>();
        var groupBits = new Dictionary<int, int>();
        var wordGroupBits = new int[folded.Length];
        foreach (var (start, phrase) in words)
        {
            if (!GroupsByWord.TryGetValue(phrase, out var groupIndexes))
            {
                continue;
            }

            foreach (var groupIndex in groupIndexes)
            {
                if (!groupBits.TryGetValue(groupIndex, out var bit))
                {
                    if (groupBits.Count >= 31)
                    {
                        continue;
                    }

                    bit = 1 << groupBits.Count;
                    groupBits[groupIndex] = bit;
                    var partCount = groupIndex >= DomainLexicon.SynonymGroups.Length ? DomainLexicon.Expansions[groupIndex - DomainLexicon.SynonymGroups.Length].Parts.Length : 0;
                    groups.Add((bit, partCount));
                    AddExpansionTerms(terms, groupIndex, bit, phrase);
                }

                for (var i = start; i < start + phrase.Length; i++)
                {
                    wordGroupBits[i] |= bit;
                }
            }
        }

        AddOriginalTerms(folded, words, wordGroupBits, terms);
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
        return new AnalyzedQuestion(folded, ordered, groups, articleNumber, articleLabel, year, unknownEnglish, isEnglish, amountAsked);
    }

    /// <summary>
    /// Repairs one wrong character inside a dictionary word of four or more characters (记律处分 → 纪律处分,
    /// 劳动和同 → 劳动合同). Only when the repaired bigrams are more common in the documents than the typed ones,
    /// so a real but different phrase is left alone.
    /// </summary>
    internal static string CorrectTypos(string text, Func<long, int>? documentFrequency)
    {
        var exact = new List<(int Start, string Phrase)>();
        QueryTerms.Lexicon.FindAll(text, exact);
        var known = new bool[text.Length];
        foreach (var (start, phrase) in exact)
        {
            Array.Fill(known, true, start, phrase.Length);
        }

        var builder = new StringBuilder(text);
        foreach (var word in QueryTerms.TypoCorrectableWords)
        {
            for (var i = 0; i + word.Length <= text.Length; i++)
            {
                var wrong = -1;
                for (var j = 0; j < word.Length; j++)
                {
                    if (builder[i + j] != word[j])
                    {
                        if (wrong >= 0 || !ChineseTextFolding.IsHan(builder[i + j]))
                        {
                            wrong = -2;
                            break;
                        }

                        wrong = j;
                    }
                }

                if (wrong < 0 || known[i + wrong])
                {
                    continue;
                }

                var position = i + wrong;
                if (documentFrequency is null || Plausibility(builder, position, word[wrong], documentFrequency) > Plausibility(builder, position, builder[position], documentFrequency))
                {
                    builder[position] = word[wrong];
                }
            }
        }

        return builder.ToString();
    }

    private static int Plausibility(StringBuilder text, int position, char c, Func<long, int> documentFrequency)
    {
        var total = 0;
        if (position > 0 && ChineseTextFolding.IsHan(text[position - 1]))
        {
            total += documentFrequency(QueryTerms.Bigram(text[position - 1], c));
        }

        if (position + 1 < text.Length && ChineseTextFolding.IsHan(text[position + 1]))
        {
            total += documentFrequency(QueryTerms.Bigram(c, text[position + 1]));
        }

        return total;
    }

    private static void AddOriginalTerms(string text, List<(int Start, string Phrase)> words, int[] wordGroupBits, Dictionary<long, QueryTerm> terms)
    {
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

        foreach (var (start, phrase) in words)
        {
            if (QueryTerms.TryGetLexiconWord(phrase, out var key))
            {
                Put(terms, new QueryTerm(key, QueryTerms.WordWeight, true, wordGroupBits[start], -1, start, phrase.Length));
            }
        }

        foreach (Match token in AsciiToken().Matches(text))
        {
            Put(terms, new QueryTerm(AsciiKey(token.Value), QueryTerms.WordWeight, true, 0, -1, token.Index, token.Length));
        }
    }

    /// <summary>Key for a Latin/digit token; shared with the index so "hr" in a question meets "hr" in a document.</summary>
    public static long AsciiKey(string token) =>
        QueryTerms.TryGetLexiconWord(token, out var key) ? key : (1L << 48) + (uint)StringComparer.Ordinal.GetHashCode(token);

    private static void AddExpansionTerms(Dictionary<long, QueryTerm> terms, int groupIndex, int bit, string written)
    {
        var isExpansion = groupIndex >= DomainLexicon.SynonymGroups.Length;
        var variants = isExpansion ? DomainLexicon.Expansions[groupIndex - DomainLexicon.SynonymGroups.Length].Parts : DomainLexicon.SynonymGroups[groupIndex];
        for (var part = 0; part < variants.Length; part++)
        {
            var variant = ChineseTextFolding.Fold(variants[part]);
            if (variant == written)
            {
                continue;
            }

            if (QueryTerms.TryGetLexiconWord(variant, out var key))
            {
                Put(terms, new QueryTerm(key, QueryTerms.WordWeight * SynonymWeight, false, bit, isExpansion ? part : -1, -1, 0));
            }

            // The variant's bigrams help ranking when a document words it slightly differently; no coverage credit.
            for (var i = 1; i < variant.Length; i++)
            {
                if (ChineseTextFolding.IsHan(variant[i - 1]) && ChineseTextFolding.IsHan(variant[i]))
                {
                    Put(terms, new QueryTerm(QueryTerms.Bigram(variant[i - 1], variant[i]), QueryTerms.BigramWeight * SynonymWeight * 0.5f, false, 0, -1, -1, 0));
                }
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

    private static string RemoveQuestionWords(string text, bool[] isProtected)
    {
        var builder = new StringBuilder(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (isProtected[i])
            {
                continue;
            }

            foreach (var word in QuestionWords)
            {
                if (i + word.Length <= text.Length
                    && text.AsSpan(i).StartsWith(word, StringComparison.Ordinal)
                    && Array.IndexOf(isProtected, true, i, word.Length) < 0)
                {
                    for (var j = i; j < i + word.Length; j++)
                    {
                        builder[j] = ' ';
                    }

                    i += word.Length - 1;
                    break;
                }
            }
        }

        return builder.ToString();
    }

    private static string TranslateEnglish(string text, out int unknownWords)
    {
        var words = EnglishWords(text).ToArray();
        var output = new StringBuilder();
        unknownWords = 0;
        for (var i = 0; i < words.Length;)
        {
            var matched = false;
            foreach (var (phrase, chinese) in Glossary)
            {
                if (i + phrase.Length <= words.Length && phrase.AsSpan().SequenceEqual(words.AsSpan(i, phrase.Length)))
                {
                    output.Append(' ').Append(chinese);
                    i += phrase.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                if (!EnglishStopWords.Contains(words[i]) && !words[i].All(char.IsAsciiDigit))
                {
                    unknownWords++;
                }

                i++;
            }
        }

        // Han characters written inside an English question (a title, a term) still count.
        foreach (var c in text.Where(ChineseTextFolding.IsHan))
        {
            output.Append(c);
        }

        return output.Append(' ').ToString();
    }

    private static IEnumerable<string> EnglishWords(string text) =>
        EnglishWord().Matches(text.ToLowerInvariant()).Select(m => Stem(m.Value));

    // Plural and third-person "s" only: enough for a glossary match, unlike a full stemmer.
    private static string Stem(string word) =>
        word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;

    private static string Blank(string text, int start, int length) =>
        string.Concat(text.AsSpan(0, start), new string(' ', length), text.AsSpan(start + length));

    private static FrozenDictionary<string, int[]> BuildGroupsByWord()
    {
        var map = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var g = 0; g < DomainLexicon.SynonymGroups.Length; g++)
        {
            foreach (var word in DomainLexicon.SynonymGroups[g])
            {
                Add(ChineseTextFolding.Fold(word), g);
            }
        }

        for (var e = 0; e < DomainLexicon.Expansions.Length; e++)
        {
            Add(ChineseTextFolding.Fold(DomainLexicon.Expansions[e].Term), DomainLexicon.SynonymGroups.Length + e);
        }

        return map.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);

        void Add(string word, int group)
        {
            if (!map.TryGetValue(word, out var list))
            {
                map[word] = list = [];
            }

            list.Add(group);
        }
    }

    [GeneratedRegex(@"第\s*([零一二三四五六七八九十百千〇两\d]+)\s*条(之[一二三四五六七八九十]+)?")]
    private static partial Regex ArticleReference();

    [GeneratedRegex(@"((?:19|20)\d\d)\s*(?:年版|年修订|年修正|版|年)")]
    private static partial Regex EditionYearReference();

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex AsciiToken();

    // "哪九个字", "用三个词概括": how the answer should be phrased, not what it is about.
    [GeneratedRegex(@"[一二三四五六七八九十几两\d]+个(字|词)|用.{0,2}(字|词)|概括|总结一下")]
    private static partial Regex AnswerFormatPhrase();

    [GeneratedRegex(@"[a-z0-9']+")]
    private static partial Regex EnglishWord();
}
