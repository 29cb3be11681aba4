using OrgLife.Bot.Features.Regulations.Evaluation;
using OrgLife.Testing.Gating;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>
/// Runs the development questions against the shared corpus (never copied into the repository) and holds the
/// retrieval figures to their targets, so a ranking change cannot quietly make them worse. Without the shared data
/// (a fresh clone) they skip with the reason; with ORGLIFE_REQUIRE_ALL_SUITES=1 (CI) they fail instead.
/// </summary>
public sealed class DevSetRegressionTests
{
    private static string Shared => SharedDataLocator.Find(AppContext.BaseDirectory);

    private static string Questions => Path.Combine(Shared, "qa", "dev.jsonl");

    [RequiresFact(Requirement.SharedData)]
    public async Task Evaluate_PartyConstitutionAlone_MeetsTargets()
    {
        var report = await KnowledgeBaseEvaluation.EvaluateAsync(Questions, Path.Combine(Shared, "corpus", "dangzhang-2022.md"));
        var figures = KnowledgeBaseEvaluation.Format(report);

        Assert.True(report.Top1 >= 0.85, figures);
        Assert.True(report.Top3 >= 0.95, figures);
        Assert.True(report.Top1Of("english") >= 0.75, figures);
        Assert.True(report.NegativesRefused >= 0.80, figures);
        Assert.True(report.AnswerableRefused <= 0.05, figures);
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task Evaluate_WithAllLaws_MeetsTargets()
    {
        var report = await KnowledgeBaseEvaluation.EvaluateAsync(Questions, Path.Combine(Shared, "corpus"));
        var figures = KnowledgeBaseEvaluation.Format(report);

        Assert.True(report.Articles > 60_000, figures);
        Assert.True(report.Top1 >= 0.75, figures);
        Assert.True(report.Top1Of("english") >= 0.75, figures);
        Assert.True(report.NegativesRefused >= 0.80, figures);
        Assert.True(report.AnswerableRefused <= 0.05, figures);
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task RunAsync_SingleFileCorpus_PrintsFiguresAndSucceeds()
    {
        using var output = new StringWriter();

        var exitCode = await KnowledgeBaseEvaluation.RunAsync(Questions, Path.Combine(Shared, "corpus", "dangzhang-2022.md"), output);

        Assert.Equal(0, exitCode);
        Assert.Contains("top-1", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("ms/question", output.ToString(), StringComparison.Ordinal);
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task RunAsync_MissingCorpus_ReturnsErrorCode()
    {
        using var output = new StringWriter();

        var exitCode = await KnowledgeBaseEvaluation.RunAsync(Questions, Path.Combine(Shared, "no-such-folder"), output);

        Assert.Equal(2, exitCode);
    }
}
