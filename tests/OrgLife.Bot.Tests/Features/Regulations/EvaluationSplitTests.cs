using OrgLife.Bot.Features.Regulations.Evaluation;

namespace OrgLife.Bot.Tests.Features.Regulations;

public sealed class EvaluationSplitTests
{
    private static readonly EvaluationQuestion[] Questions =
    [
        .. Enumerable.Range(0, 20).Select(i => new EvaluationQuestion($"问题{i}", "a.md", ["第一条"], "paraphrase")),
        .. Enumerable.Range(0, 6).Select(i => new EvaluationQuestion($"negative {i}", null, [], "negative")),
    ];

    [Fact]
    public void Split_SameSeed_SameHalvesEveryTime()
    {
        var first = KnowledgeBaseEvaluation.Split(Questions, 0.5, 1);
        var second = KnowledgeBaseEvaluation.Split(Questions.Reverse().ToArray(), 0.5, 1);

        Assert.Equal(first.HeldOut.Select(q => q.Question).Order(), second.HeldOut.Select(q => q.Question).Order());
        Assert.Empty(first.Tune.Intersect(first.HeldOut));
        Assert.Equal(Questions.Length, first.Tune.Count + first.HeldOut.Count);
    }

    [Fact]
    public void Split_HoldsOutTheShareOfEachKind()
    {
        var (_, heldOut) = KnowledgeBaseEvaluation.Split(Questions, 0.5, 7);

        Assert.Equal(10, heldOut.Count(q => q.Kind == "paraphrase"));
        Assert.Equal(3, heldOut.Count(q => q.Kind == "negative"));
    }

    [Fact]
    public void Split_OtherSeed_OtherHalves()
    {
        var one = KnowledgeBaseEvaluation.Split(Questions, 0.5, 1).HeldOut.Select(q => q.Question).ToHashSet();
        var two = KnowledgeBaseEvaluation.Split(Questions, 0.5, 2).HeldOut.Select(q => q.Question).ToHashSet();

        Assert.False(one.SetEquals(two));
    }

    [Theory]
    [InlineData("q.jsonl --corpus c --holdout 0.3 --seed 4 --translation t.en.md", "c", "t.en.md", 0.3, 4)]
    [InlineData("q.jsonl --corpus c", "c", null, 0.5, 1)]
    public void Parse_Options(string line, string corpus, string? translation, double holdout, int seed)
    {
        var options = EvaluationOptions.Parse(line.Split(' '));

        Assert.NotNull(options);
        Assert.Equal(corpus, options.Corpus);
        Assert.Equal(translation, options.TranslationPath);
        Assert.Equal(holdout, options.Holdout);
        Assert.Equal(seed, options.Seed);
    }

    [Theory]
    [InlineData("q.jsonl")]
    [InlineData("q.jsonl --corpus")]
    [InlineData("q.jsonl --corpus c --holdout 2")]
    [InlineData("q.jsonl --corpus c --what x")]
    public void Parse_Invalid_IsNull(string line) => Assert.Null(EvaluationOptions.Parse(line.Split(' ')));
}
