using System.Runtime.InteropServices;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// The term space shared by documents and questions: Han unigrams and bigrams (robust to unknown words, to
/// one wrong character and to any segmentation), plus Latin words (English translations, "HR"). Keys are
/// longs so the index needs no string per n-gram: a unigram is its char code, a bigram packs two chars, a
/// Latin word is a hash above both ranges.
/// </summary>
internal static class QueryTerms
{
    public const float UnigramWeight = 0.15f;
    public const float BigramWeight = 1f;
    public const float WordWeight = 1f;

    public static long Unigram(char c) => c;

    public static long Bigram(char first, char second) => ((long)first << 16) | second;

    /// <summary>Adds the n-gram and Latin word terms of already folded <paramref name="text"/> to <paramref name="bag"/>.</summary>
    public static void AddTerms(string text, float weight, Dictionary<long, float> bag)
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
                Add(bag, QuestionAnalyzer.AsciiKey(text[runStart..i]), weight * WordWeight);
                runStart = -1;
            }
        }
    }

    /// <summary>Adds the content words of an English text (an official translation) to <paramref name="bag"/>.</summary>
    public static void AddEnglishTerms(string text, float weight, Dictionary<long, float> bag)
    {
        foreach (var (_, stem) in QuestionAnalyzer.EnglishWords(text))
        {
            Add(bag, QuestionAnalyzer.EnglishKey(stem), weight * WordWeight);
        }
    }

    private static void Add(Dictionary<long, float> bag, long key, float weight)
    {
        // One hash probe instead of two: this runs once per character of a 10-million-character corpus.
        CollectionsMarshal.GetValueRefOrAddDefault(bag, key, out _) += weight;
    }
}
