using OrgLife.Bot.Features.Regulations.Evaluation;

namespace OrgLife.Benchmarks;

/// <summary>Runs the retrieval evaluation without starting the bot host (same code as <c>kb eval</c>).</summary>
internal static class KnowledgeBaseEvaluationVerb
{
    public static Task<int> RunAsync(string[] args, TextWriter output)
    {
        var questions = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal)
            ? args[0]
            : Path.Combine(SharedData.Folder(), "qa", "dev.jsonl");
        var corpus = SharedData.Option(args, "--corpus") ?? Path.Combine(SharedData.Folder(), "corpus");
        return KnowledgeBaseEvaluation.RunAsync(questions, corpus, output);
    }
}
