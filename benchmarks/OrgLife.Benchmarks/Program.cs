using OrgLife.Benchmarks;

// One verb per benchmark; others (load tests, …) add an entry here and a class beside RegulationsBenchmark.
var verbs = new Dictionary<string, (string Usage, Func<string[], TextWriter, Task<int>> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["regulations"] = ("regulations [--corpus <folder>] [--questions <jsonl>] [--repeat <n>]", RegulationsBenchmark.RunAsync),
    ["load"] = ("load [--clients 32] [--rate <turns/s>] [--seconds 15] [--warmup 90] [--text 帮助 | --questions <jsonl> [--corpus <folder>]] [--bot <OrgLife.Bot.dll>]", LoadBenchmark.RunAsync),
    ["attendance"] = ("attendance [--people 1000] [--settle 3] [--bot <OrgLife.Bot.dll>]", AttendanceBenchmark.RunAsync),
    ["duties"] = ("duties [--items 100000] [--sends 10000] [--limit 50]", DutiesBenchmark.RunAsync),
    ["sink"] = ("sink [--port 5998]   (a Connector for an external load generator such as wrk)", ConnectorSink.RunAsync),
    ["kb-eval"] = ("kb-eval <questions.jsonl> --corpus <file-or-folder>", KnowledgeBaseEvaluationVerb.RunAsync),
};

if (args.Length == 0 || !verbs.TryGetValue(args[0], out var verb))
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project benchmarks/OrgLife.Benchmarks -- <verb> [options]");
    foreach (var (name, entry) in verbs)
    {
        Console.Error.WriteLine($"  {entry.Usage}");
    }

    return 2;
}

return await verb.Run(args[1..], Console.Out);
