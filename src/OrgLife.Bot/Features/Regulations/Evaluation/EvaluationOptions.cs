using System.Globalization;

namespace OrgLife.Bot.Features.Regulations.Evaluation;

/// <summary>
/// <c>kb eval &lt;questions.jsonl&gt; --corpus &lt;file or folder&gt; [--translation &lt;file.en.md&gt;] [--holdout 0.5] [--seed 1] [--baseline bigram]</c>.
/// </summary>
/// <param name="QuestionsPath">JSON lines of questions (q, doc, articles, answer, kind).</param>
/// <param name="Corpus">A regulation file or a folder of them.</param>
/// <param name="TranslationPath">An official translation aligned by article number, attached to the document it translates.</param>
/// <param name="Holdout">Share of each kind of question held out (0 = no split).</param>
/// <param name="Seed">Seed of the split; the same seed gives the same split on any machine.</param>
/// <param name="Baseline">Measure plain character-bigram BM25 instead of the engine, as a yardstick.</param>
internal sealed record EvaluationOptions(
    string QuestionsPath,
    string Corpus,
    string? TranslationPath = null,
    double Holdout = 0.5,
    int Seed = 1,
    bool Baseline = false)
{
    public const string Usage = "kb eval <questions.jsonl> --corpus <file or folder> [--translation <file.en.md>] [--holdout 0.5] [--seed 1] [--baseline bigram]";

    /// <summary>Parses the arguments after <c>kb eval</c>; null when they do not make a valid command.</summary>
    public static EvaluationOptions? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        string? corpus = null;
        string? translation = null;
        double holdout = 0.5;
        int seed = 1;
        var baseline = false;
        for (var i = 1; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--corpus" when value is not null:
                    corpus = value;
                    break;
                case "--translation" when value is not null:
                    translation = value;
                    break;
                case "--holdout" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and < 1:
                    holdout = share;
                    break;
                case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number):
                    seed = number;
                    break;
                case "--baseline" when value == "bigram":
                    baseline = true;
                    break;
                default:
                    return null;
            }

            i++;
        }

        return corpus is null ? null : new EvaluationOptions(args[0], corpus, translation, holdout, seed, baseline);
    }
}
