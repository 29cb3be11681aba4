using System.Diagnostics;
using System.Globalization;
using OrgLife.Bot.Features.Regulations.Evaluation;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Benchmarks;

/// <summary>
/// Indexes the whole shared corpus (~64k articles) and measures build time, memory and query latency
/// over the development questions. Targets: build &lt; 10 s, peak working set &lt; 500 MB, p95 &lt; 5 ms.
/// </summary>
internal static class RegulationsBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var corpusPath = SharedData.Option(args, "--corpus") ?? Path.Combine(SharedData.Folder(), "corpus");
        var questionsPath = SharedData.Option(args, "--questions") ?? Path.Combine(SharedData.Folder(), "qa", "dev.jsonl");
        var repeat = int.Parse(SharedData.Option(args, "--repeat") ?? "50", CultureInfo.InvariantCulture);

        var clock = Stopwatch.StartNew();
        var corpus = await RegulationCorpus.LoadAsync(corpusPath);
        var parseTime = clock.Elapsed;

        // The question segmenter's dictionary and thesaurus are loaded at start-up like the index; counted in the heap below.
        clock.Restart();
        OrgLife.Bot.Features.Regulations.Retrieval.GeneralVocabulary.Warm();
        var vocabularyTime = clock.Elapsed;

        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        clock.Restart();
        var index = RegulationIndex.Build(corpus.Documents);
        var buildTime = clock.Elapsed;
        self.Refresh();
        var buildCpu = self.TotalProcessorTime - cpuBefore;
        var heapAfterBuild = GC.GetTotalMemory(forceFullCollection: true);

        var questions = (await KnowledgeBaseEvaluation.ReadQuestionsAsync(questionsPath)).Select(q => q.Question).ToArray();
        foreach (var question in questions)
        {
            index.Search(question);
        }

        var latencies = new List<double>(questions.Length * repeat);
        var perQuestion = questions.ToDictionary(q => q, _ => new List<double>(repeat));
        for (var r = 0; r < repeat; r++)
        {
            foreach (var question in questions)
            {
                var start = Stopwatch.GetTimestamp();
                index.Search(question);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                latencies.Add(elapsed);
                perQuestion[question].Add(elapsed);
            }
        }

        latencies.Sort();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var w = output;
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"corpus        {corpusPath}"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"documents     {index.Documents.Count} ({corpus.Skipped.Count} files skipped), {index.ArticleCount} articles, {index.TermCount} terms"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"parse         {parseTime.TotalSeconds:F2} s"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"vocabulary    {vocabularyTime.TotalSeconds:F2} s (jieba dictionary and Cilin thesaurus, once per process)"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"build index   {buildTime.TotalSeconds:F2} s wall, {buildCpu.TotalSeconds:F2} s CPU (target < 10 s)"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"GC heap       {heapAfterBuild / 1048576.0:F0} MB after build (live, after full GC)"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"peak WS       {process.PeakWorkingSet64 / 1048576.0:F0} MB (target < 500 MB)"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"queries       {latencies.Count} ({questions.Length} questions x {repeat})"));
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"latency       p50 {Latency.Percentile(latencies, 0.50):F2} ms, p95 {Latency.Percentile(latencies, 0.95):F2} ms, p99 {Latency.Percentile(latencies, 0.99):F2} ms (target p95 < 5 ms)"));
        var bestOfRepeats = perQuestion.Values.Select(t => t.Min()).Order().ToList();
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"best-of-{repeat}    p50 {Latency.Percentile(bestOfRepeats, 0.50):F2} ms, p95 {Latency.Percentile(bestOfRepeats, 0.95):F2} ms (each question's fastest run: the cost without scheduler noise)"));
        await w.WriteLineAsync($"load average  {(File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a")} on {Environment.ProcessorCount} cores");
        foreach (var (question, times) in perQuestion.OrderByDescending(p => Median(p.Value)).Take(5))
        {
            await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  slowest      {Median(times):F2} ms median  {question}"));
        }

        GC.KeepAlive(index);
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
