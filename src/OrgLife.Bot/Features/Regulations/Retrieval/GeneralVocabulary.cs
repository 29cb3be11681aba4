using System.Collections.Frozen;
using JiebaNet.Segmenter;
using JiebaNet.Segmenter.PosSeg;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// General-language Chinese resources, none of them written for this bot or its questions. All ship in the
/// jieba.NET 0.42.2 package (MIT) and are copied to <c>jieba/</c> beside the binaries:
/// <list type="bullet">
/// <item><c>dict.txt</c>: jieba's general dictionary (349k words with frequency and part of speech), used to
/// segment questions and tag each word.</item>
/// <item><c>cn_synonym.txt</c>: HIT IR Lab's Tongyici Cilin (extended), a general thesaurus; only its "=" lines
/// (words of the same meaning) are used.</item>
/// <item><c>stopwords.txt</c>: jieba's Chinese and English stop words.</item>
/// </list>
/// Documents are not segmented (character n-grams index them in a fraction of the time; see the README's
/// measurements), only questions, which are short.
/// </summary>
internal static class GeneralVocabulary
{
    /// <summary>Cilin groups larger than this are loose associations rather than synonyms.</summary>
    private const int MaxSynonymGroup = 8;

    // Pronouns (什么, 怎么, 哪), modal particles (吗, 呢), auxiliaries (的, 了), interjections, onomatopoeia,
    // prepositions and conjunctions: how a question is asked, not what it is about (jieba's tag set, from ICTCLAS).
    private static readonly FrozenSet<string> FunctionTags = FrozenSet.ToFrozenSet(
        ["r", "rr", "rz", "ry", "y", "u", "uj", "ul", "uz", "ug", "uv", "ud", "e", "o", "p", "c", "x", "zg"], StringComparer.Ordinal);

    private static readonly Lazy<Resources> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly ThreadLocal<PosSegmenter> Segmenter = new(() =>
    {
        _ = Loaded.Value;
        return new PosSegmenter();
    });

    /// <summary>Folder of the resources (<c>jieba/</c> beside the application).</summary>
    public static string ResourceFolder => Path.Combine(AppContext.BaseDirectory, "jieba");

    /// <summary>Loads the dictionary and thesaurus now rather than on the first question.</summary>
    public static void Warm()
    {
        _ = Segmenter.Value!.Cut("预备党员", hmm: false).Count();
    }

    /// <summary>The words of a question with their offsets and whether they only carry its grammar.</summary>
    public static List<(int Start, string Word, bool IsFunctionWord)> Segment(string text)
    {
        var result = new List<(int, string, bool)>();
        var position = 0;
        foreach (var pair in Segmenter.Value!.Cut(text, hmm: true))
        {
            var start = text.IndexOf(pair.Word, position, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            position = start + pair.Word.Length;
            var isFunction = FunctionTags.Contains(pair.Flag) || Loaded.Value.StopWords.Contains(pair.Word);
            result.Add((start, pair.Word, isFunction));
        }

        return result;
    }

    /// <summary>True for an English word with no content (jieba's English stop words).</summary>
    public static bool IsEnglishStopWord(string word) => Loaded.Value.StopWords.Contains(word);

    /// <summary>Words of the same meaning in the thesaurus (never the word itself); empty when it has none.</summary>
    public static IReadOnlyList<string> Synonyms(string word) =>
        Loaded.Value.Synonyms.TryGetValue(word, out var synonyms) ? synonyms : [];

    private sealed record Resources(FrozenSet<string> StopWords, FrozenDictionary<string, string[]> Synonyms);

    private static Resources Load()
    {
        var folder = ResourceFolder;
        if (!File.Exists(Path.Combine(folder, "dict.txt")))
        {
            throw new FileNotFoundException($"jieba resources are missing from '{folder}' (they are copied there by the build).", Path.Combine(folder, "dict.txt"));
        }

        ConfigManager.ConfigFileBaseDir = folder;
        var stopWords = File.ReadLines(Path.Combine(folder, "stopwords.txt"))
            .Select(w => w.Trim().TrimStart('\uFEFF'))
            .Where(w => w.Length > 0)
            .ToFrozenSet(StringComparer.Ordinal);
        var synonyms = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(folder, "cn_synonym.txt")))
        {
            // "Ca03A09= 预备期 见习期 …": the code's last character says = (synonyms), # (related) or @ (alone).
            if (line.Length < 9 || line[7] != '=')
            {
                continue;
            }

            var words = line[8..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length >= 2 && w.All(ChineseTextFolding.IsHan))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            if (words.Length < 2 || words.Length > MaxSynonymGroup)
            {
                continue;
            }

            foreach (var word in words)
            {
                if (!synonyms.TryGetValue(word, out var set))
                {
                    synonyms[word] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(words.Where(w => w != word));
            }
        }

        return new Resources(stopWords, synonyms.ToFrozenDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));
    }
}
