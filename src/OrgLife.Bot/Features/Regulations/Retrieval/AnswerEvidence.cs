namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// What the refusal decision sees of a search: how much of the question the best article covers, how clearly it
/// beats the runner-up, and whether the thing asked for is there at all. Every value is a share or a ratio of the
/// same search, so the same question reads the same whether the index holds 56 articles or 65,000.
/// </summary>
/// <param name="TermCoverage">IDF-weighted share of the question's known terms (n-grams, synonyms credited) the best article has.</param>
/// <param name="FocusShare">IDF-weighted share of the question's content words the best article says in some form.</param>
/// <param name="AmountMissing">1 when the question asks for an amount (几天, 比例) and the best article states none of that kind.</param>
/// <param name="Margin">(best − second) / best ranking score: 1 when nothing else matches, near 0 when two articles tie.</param>
/// <param name="NormalisedScore">Best ranking score over the score an article holding every question term would get (a pair no article uses counted at the highest IDF).</param>
/// <param name="AbsentFocus">Share of the question's content words that no article of the index says at all (the thing asked for is not there).</param>
/// <param name="RarestFocusMissing">1 when the best article does not say the question's most specific content word (highest IDF) in any form.</param>
internal readonly record struct AnswerEvidence(
    double TermCoverage,
    double FocusShare,
    double AmountMissing,
    double Margin,
    double NormalisedScore,
    double AbsentFocus,
    double RarestFocusMissing)
{
    public static readonly string[] Names = ["termCoverage", "focusShare", "amountMissing", "margin", "normalisedScore", "absentFocus", "rarestFocusMissing"];

    /// <summary>The features in the order of <see cref="Names"/>, as the model reads them.</summary>
    public double[] ToFeatures() =>
        [TermCoverage, FocusShare, AmountMissing, Margin, Math.Min(NormalisedScore, 1.5), AbsentFocus, RarestFocusMissing];
}

/// <summary>
/// Refusal as a calibrated decision: a logistic model over <see cref="AnswerEvidence"/> gives the probability that
/// the best article answers the question; below one half the member is told the rules do not cover it.
/// </summary>
/// <remarks>
/// The coefficients are produced by <c>kb calibrate ../shared/qa/dev.jsonl --corpus ../shared/corpus/dangzhang-2022.md
/// --corpus ../shared/corpus --corpus ../shared/corpus/laws --translation ../shared/corpus/translations/dangzhang-2017.en.md
/// --holdout 0.5 --seed 1</c> (<see cref="Evaluation.RefusalCalibration"/>, 2026-12-04): the tune half of dev.jsonl
/// only, asked against the 党章 alone, the whole corpus and the laws alone (a law question against the 党章 alone and
/// a Party question against the laws alone must be refused: out-of-scope examples of both kinds), label = "the
/// loaded corpus answers it", 87 samples, L2 penalty 1. Neither the held-out half nor our own questions were used.
/// Re-run the command after changing the ranking and paste its output here.
/// </remarks>
internal static class RefusalModel
{
    /// <summary>Intercept first, then one weight per feature of <see cref="AnswerEvidence.Names"/>.</summary>
    internal static readonly double[] Coefficients = [-2.088, 1.589, 2.664, -3.348, 0.144, 2.848, -1.729, 0.412];

    /// <summary>At or above it the best article is offered as the answer.</summary>
    public const double AnswerThreshold = 0.5;

    public static double Probability(AnswerEvidence evidence) => Probability(evidence.ToFeatures(), Coefficients);

    public static double Probability(ReadOnlySpan<double> features, ReadOnlySpan<double> coefficients)
    {
        var z = coefficients[0];
        for (var i = 0; i < features.Length; i++)
        {
            z += coefficients[i + 1] * features[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }
}
