using System.Collections.Frozen;
using System.Runtime.InteropServices;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// The term space shared by documents and questions: Han unigrams and bigrams (robust to unknown words and
/// to one wrong character) plus whole dictionary words (precise for multi-character terms such as 留党察看).
/// Keys are longs so the index needs no string per n-gram: a unigram is its char code, a bigram packs two
/// chars, a word is an id above both ranges.
/// </summary>
internal static class QueryTerms
{
    public const float UnigramWeight = 0.15f;
    public const float BigramWeight = 1f;
    public const float WordWeight = 1f;
    private const long WordKeyBase = 1L << 40;

    public static readonly PhraseMatcher Lexicon = new(AllLexiconWords().Select(ChineseTextFolding.Fold));

    private static readonly FrozenDictionary<string, int> LexiconWordIds = AllLexiconWords()
        .Select(ChineseTextFolding.Fold)
        .Distinct(StringComparer.Ordinal)
        .Select((word, id) => (word, id))
        .ToFrozenDictionary(p => p.word, p => p.id, StringComparer.Ordinal);

    public static int LexiconWordCount => LexiconWordIds.Count;

    /// <summary>Dictionary words long enough that one wrong character still identifies them (思相路线 → 思想路线).</summary>
    public static readonly string[] TypoCorrectableWords = LexiconWordIds.Keys
        .Where(w => w.Length >= 4 && w.All(ChineseTextFolding.IsHan))
        .ToArray();

    public static long Unigram(char c) => c;

    public static long Bigram(char first, char second) => ((long)first << 16) | second;

    public static long Word(int id) => WordKeyBase + id;

    public static bool TryGetLexiconWord(string word, out long key)
    {
        if (LexiconWordIds.TryGetValue(word, out var id))
        {
            key = Word(id);
            return true;
        }

        key = 0;
        return false;
    }

    /// <summary>Adds the n-gram and word terms of already folded <paramref name="text"/> to <paramref name="bag"/>.</summary>
    /// <param name="asciiWordKey">Maps a Latin/digit token to a key, or null to skip it.</param>
    public static void AddTerms(string text, float weight, Dictionary<long, float> bag, Func<string, long?> asciiWordKey, List<(int Start, string Phrase)> scratch)
    {
        var runStart = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isHan = i < text.Length && ChineseTextFolding.IsHan(text[i]);
            if (isHan)
            {
                Add(bag, Unigram(text[i]), weight * UnigramWeight);
                if (i > 0 && ChineseTextFolding.IsHan(text[i - 1]))
                {
                    Add(bag, Bigram(text[i - 1], text[i]), weight * BigramWeight);
                }
            }

            var isAscii = i < text.Length && char.IsAsciiLetterOrDigit(text[i]);
            if (isAscii && runStart < 0)
            {
                runStart = i;
            }
            else if (!isAscii && runStart >= 0)
            {
                var key = asciiWordKey(text[runStart..i]);
                if (key is { } k)
                {
                    Add(bag, k, weight * WordWeight);
                }

                runStart = -1;
            }
        }

        scratch.Clear();
        Lexicon.FindAll(text, scratch);
        foreach (var (_, phrase) in scratch)
        {
            if (TryGetLexiconWord(phrase, out var key))
            {
                Add(bag, key, weight * WordWeight);
            }
        }
    }

    private static void Add(Dictionary<long, float> bag, long key, float weight)
    {
        // One hash probe instead of two: this runs once per character of a 10-million-character corpus.
        CollectionsMarshal.GetValueRefOrAddDefault(bag, key, out _) += weight;
    }

    private static IEnumerable<string> AllLexiconWords() =>
        DomainLexicon.Words
            .Concat(DomainLexicon.SynonymGroups.SelectMany(g => g))
            .Concat(DomainLexicon.Expansions.Select(e => e.Term))
            .Concat(DomainLexicon.Expansions.SelectMany(e => e.Parts))
            .Where(w => w.Length >= 2);
}
