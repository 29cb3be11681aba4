using OrgLife.Bot.Features.Regulations.Evaluation;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Tests.Features.Regulations;

public sealed class RefusalCalibrationTests
{
    [Fact]
    public void Fit_SeparatesAnswersFromRefusalsOnTheFeatureThatTellsThemApart()
    {
        // Answerable: the article says the question's words; refusals: it does not. The other features are noise.
        var samples = Enumerable.Range(0, 40)
            .Select(i => (Features: new double[] { 0.5, i < 20 ? 0.9 : 0.2, 0, (i % 5) / 5.0, 0.5, 0, 0 }, Answerable: i < 20))
            .ToArray();

        var coefficients = RefusalCalibration.Fit(samples);

        Assert.Equal(AnswerEvidence.Names.Length + 1, coefficients.Length);
        Assert.All(samples, s => Assert.Equal(s.Answerable, RefusalModel.Probability(s.Features, coefficients) >= RefusalModel.AnswerThreshold));
        Assert.True(coefficients[2] > 0);
    }

    [Fact]
    public void Model_AnAmountTheArticleDoesNotState_LowersTheProbability()
    {
        var evidence = new AnswerEvidence(0.9, 0.9, 0, 0.5, 0.6, 0, 0);

        Assert.True(RefusalModel.Probability(evidence with { AmountMissing = 1 }) < RefusalModel.Probability(evidence));
        Assert.True(RefusalModel.Probability(evidence with { AbsentFocus = 1 }) < RefusalModel.Probability(evidence));
    }

    [Fact]
    public async Task RunAsync_NoCorpus_PrintsUsage()
    {
        using var output = new StringWriter();

        var exitCode = await RefusalCalibration.RunAsync(["questions.jsonl"], output);

        Assert.Equal(2, exitCode);
        Assert.Contains("kb calibrate", output.ToString(), StringComparison.Ordinal);
    }

    [RequiresSharedDataFact]
    public async Task RunAsync_TuneHalfOfDevSet_PrintsCoefficientsForEveryFeature()
    {
        using var output = new StringWriter();
        var questions = Path.Combine(SharedCorpus.Folder, "qa", "dev.jsonl");
        var constitution = Path.Combine(SharedCorpus.Folder, "corpus", "dangzhang-2022.md");

        var exitCode = await RefusalCalibration.RunAsync([questions, "--corpus", constitution, "--holdout", "0.5", "--seed", "1"], output);

        Assert.Equal(0, exitCode);
        Assert.Contains(string.Join(", ", AnswerEvidence.Names), output.ToString(), StringComparison.Ordinal);
        Assert.Contains("samples", output.ToString(), StringComparison.Ordinal);
    }
}
