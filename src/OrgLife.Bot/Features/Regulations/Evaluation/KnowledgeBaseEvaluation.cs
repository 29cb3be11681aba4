using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Evaluation;

/// <summary>One question of an evaluation set (JSON lines: q, doc, articles, answer, kind).</summary>
internal sealed record EvaluationQuestion(string Question, string? Document, IReadOnlyList<string> Articles, string Kind);

/// <summary>How one question went.</summary>
internal sealed record EvaluationOutcome(EvaluationQuestion Question, bool ExpectRefusal, bool Refused, bool Top1, bool Top3, string Got, double Confidence);

/// <summary>Aggregate figures of one evaluation run.</summary>
internal sealed record EvaluationReport(IReadOnlyList<EvaluationOutcome> Outcomes, int Documents, int Articles, TimeSpan BuildTime, double MillisecondsPerQuestion)
{
    private IEnumerable<EvaluationOutcome> Answerable => Outcomes.Where(o => !o.ExpectRefusal);

    public double Top1 => Share(Answerable, o => o.Top1);

    public double Top3 => Share(Answerable, o => o.Top3);

    /// <summary>Questions of kind "negative" that were refused.</summary>
    public double NegativesRefused => Share(Outcomes.Where(o => o.Question.Kind == "negative"), o => o.Refused);

    /// <summary>Answerable questions that were wrongly refused.</summary>
    public double AnswerableRefused => Share(Answerable, o => o.Refused);

    public double RefusalPrecision => Share(Outcomes.Where(o => o.Refused), o => o.ExpectRefusal);

    public double RefusalRecall => Share(Outcomes.Where(o => o.ExpectRefusal), o => o.Refused);

    public double Top1Of(string kind) => Share(Answerable.Where(o => o.Question.Kind == kind), o => o.Top1);

    private static double Share(IEnumerable<EvaluationOutcome> outcomes, Func<EvaluationOutcome, bool> success)
    {
        var list = outcomes.ToList();
        return list.Count == 0 ? double.NaN : (double)list.Count(success) / list.Count;
    }
}

/// <summary>
/// Offline evaluation of retrieval: loads a corpus into an in-memory index, asks every question and prints
/// top-1/top-3 accuracy, per-kind results, refusal precision/recall and latency. Wired by the host to
/// <c>kb eval &lt;questions.jsonl&gt; --corpus &lt;file-or-folder&gt;</c>.
/// </summary>
/// <remarks>
/// A question whose expected document is not in the loaded corpus is an "out-of-corpus" question: the honest
/// answer is "not covered", so it is scored like a negative (and reported separately).
/// </remarks>
internal static class KnowledgeBaseEvaluation
{
    public static async Task<int> RunAsync(string questionsPath, string corpusFolder, TextWriter output) =>
        await RunAsync(new EvaluationOptions(questionsPath, corpusFolder), output);

    /// <summary>Runs <c>kb eval</c> with its parsed options and prints the tune and held-out figures.</summary>
    public static async Task<int> RunAsync(EvaluationOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        EvaluationReport report;
        try
        {
            report = await EvaluateAsync(options);
        }
        catch (Exception exception) when (exception is FileNotFoundException or JsonException or InvalidDataException or RegulationFormatException)
        {
            await output.WriteLineAsync($"kb eval: {exception.Message}");
            return 2;
        }

        await output.WriteAsync(FormatSplit(report, options));
        return 0;
    }

    public static Task<EvaluationReport> EvaluateAsync(string questionsPath, string corpusFolder, CancellationToken cancellationToken = default) =>
        EvaluateAsync(new EvaluationOptions(questionsPath, corpusFolder), cancellationToken);

    public static async Task<EvaluationReport> EvaluateAsync(EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var questions = await ReadQuestionsAsync(options.QuestionsPath, cancellationToken);
        var corpus = await RegulationCorpus.LoadAsync(options.Corpus, cancellationToken);
        var documents = corpus.Documents;
        if (options.TranslationPath is { } translationPath)
        {
            documents = await TranslationAttacher.AttachAsync(documents, translationPath, cancellationToken);
        }

        GeneralVocabulary.Warm();
        var clock = Stopwatch.StartNew();
        if (options.Baseline)
        {
            var baseline = BigramBaseline.Build(documents);
            return Evaluate(questions, baseline.Documents, baseline.ArticleCount, clock.Elapsed, q => baseline.Search(q));
        }

        var index = RegulationIndex.Build(documents);
        var buildTime = clock.Elapsed;
        return Evaluate(questions, index, buildTime);
    }

    public static EvaluationReport Evaluate(IReadOnlyList<EvaluationQuestion> questions, RegulationIndex index, TimeSpan buildTime)
    {
        ArgumentNullException.ThrowIfNull(index);
        return Evaluate(questions, index.Documents, index.ArticleCount, buildTime, q => index.Search(q, SearchOptions.Default with { MaxHits = 3 }));
    }

    private static EvaluationReport Evaluate(
        IReadOnlyList<EvaluationQuestion> questions,
        IReadOnlyList<RegulationDocument> documents,
        int articleCount,
        TimeSpan buildTime,
        Func<string, RegulationSearchResult> search)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var loadedPaths = documents.Select(d => NormalisePath(d.SourceName)).ToArray();
        var outcomes = new List<EvaluationOutcome>(questions.Count);
        var clock = Stopwatch.StartNew();
        foreach (var question in questions)
        {
            var result = search(question.Question);
            var expectRefusal = question.Document is null || !loadedPaths.Any(p => IsDocument(p, question.Document));
            bool IsExpected(RegulationHit hit) =>
                question.Document is not null && IsDocument(NormalisePath(hit.Document.SourceName), question.Document) && question.Articles.Contains(hit.Article.Label);

            var top1 = !result.NotCovered && result.Hits.Count > 0 && IsExpected(result.Hits[0]);
            var top3 = !result.NotCovered && result.Hits.Take(3).Any(IsExpected);
            var got = result.Hits.Count == 0 ? "-" : result.Hits[0].Citation;
            outcomes.Add(new EvaluationOutcome(question, expectRefusal, result.NotCovered, top1, top3, got, result.Hits.Count == 0 ? 0 : result.Hits[0].Confidence));
        }

        var perQuestion = questions.Count == 0 ? 0 : clock.Elapsed.TotalMilliseconds / questions.Count;
        return new EvaluationReport(outcomes, documents.Count, articleCount, buildTime, perQuestion);
    }

    /// <summary>
    /// Splits the questions into a tune part and a held-out part, the same way for the same seed on any machine:
    /// within each kind, questions are ordered by a seeded hash of their text and the first share is held out.
    /// </summary>
    public static (IReadOnlyList<EvaluationQuestion> Tune, IReadOnlyList<EvaluationQuestion> HeldOut) Split(IReadOnlyList<EvaluationQuestion> questions, double holdout, int seed)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var tune = new List<EvaluationQuestion>();
        var heldOut = new List<EvaluationQuestion>();
        foreach (var kind in questions.GroupBy(q => q.Kind, StringComparer.Ordinal))
        {
            var ordered = kind.OrderBy(q => StableHash(q.Question, seed)).ThenBy(q => q.Question, StringComparer.Ordinal).ToList();
            var held = (int)Math.Round(ordered.Count * holdout, MidpointRounding.AwayFromZero);
            heldOut.AddRange(ordered.Take(held));
            tune.AddRange(ordered.Skip(held));
        }

        return (tune, heldOut);
    }

    // FNV-1a over the UTF-16 text with the seed mixed in: string.GetHashCode is randomised per process.
    private static ulong StableHash(string text, int seed)
    {
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ (hash >> 29)) * 0xbf58476d1ce4e5b9UL;
    }

    /// <summary>The report restricted to some of its questions (a split), keeping corpus and timing figures.</summary>
    public static EvaluationReport Restrict(EvaluationReport report, IReadOnlyList<EvaluationQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(report);
        var keep = questions.ToHashSet(ReferenceEqualityComparer.Instance);
        return report with { Outcomes = [.. report.Outcomes.Where(o => keep.Contains(o.Question))] };
    }

    /// <summary>All questions, then the tune and held-out parts; misses are listed for the tune part only.</summary>
    public static string FormatSplit(EvaluationReport report, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Holdout <= 0)
        {
            return Format(report);
        }

        var (tune, heldOut) = Split([.. report.Outcomes.Select(o => o.Question)], options.Holdout, options.Seed);
        var o = new StringWriter(CultureInfo.InvariantCulture);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== all {report.Outcomes.Count} questions"));
        o.Write(Format(report, listMisses: false));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== tune: {tune.Count} questions (seed {options.Seed})"));
        o.Write(Format(Restrict(report, tune)));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== held-out: {heldOut.Count} questions (share {options.Holdout:0.##}, seed {options.Seed}); misses not listed, so they are not tuned on"));
        o.Write(Format(Restrict(report, heldOut), listMisses: false));
        return o.ToString();
    }

    public static async Task<IReadOnlyList<EvaluationQuestion>> ReadQuestionsAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No questions file at '{path}'.", path);
        }

        var questions = new List<EvaluationQuestion>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var document = root.TryGetProperty("doc", out var doc) && doc.ValueKind == JsonValueKind.String ? doc.GetString() : null;
            var articles = root.TryGetProperty("articles", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(a => a.GetString() ?? string.Empty).ToArray()
                : [];
            questions.Add(new EvaluationQuestion(
                root.GetProperty("q").GetString() ?? throw new InvalidDataException($"{path}: a line has no question 'q'."),
                document,
                articles,
                root.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "unknown" : "unknown"));
        }

        return questions;
    }

    public static string Format(EvaluationReport report, bool listMisses = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = new StringWriter(CultureInfo.InvariantCulture);
        o.WriteLine($"Corpus: {report.Documents} documents, {report.Articles} articles, index built in {report.BuildTime.TotalSeconds:F2} s");
        o.WriteLine($"Questions: {report.Outcomes.Count} ({report.Outcomes.Count(x => !x.ExpectRefusal)} answerable, {report.Outcomes.Count(x => x.ExpectRefusal)} expecting 'not covered')");
        o.WriteLine();
        o.WriteLine("kind          n   top-1    top-3    refused");
        foreach (var kind in report.Outcomes.Select(x => x.Question.Kind).Distinct().Order(StringComparer.Ordinal))
        {
            var answerable = report.Outcomes.Where(x => x.Question.Kind == kind && !x.ExpectRefusal).ToList();
            if (answerable.Count > 0)
            {
                o.WriteLine($"{kind,-12} {answerable.Count,2}  {Percent(answerable.Count(x => x.Top1), answerable.Count)}  {Percent(answerable.Count(x => x.Top3), answerable.Count)}  {Percent(answerable.Count(x => x.Refused), answerable.Count)}");
            }
        }

        var negatives = report.Outcomes.Where(x => x.Question.Kind == "negative").ToList();
        var outOfCorpus = report.Outcomes.Where(x => x.ExpectRefusal && x.Question.Kind != "negative").ToList();
        o.WriteLine($"{"negative",-12} {negatives.Count,2}  {"",7}  {"",7}  {Percent(negatives.Count(x => x.Refused), negatives.Count)}");
        if (outOfCorpus.Count > 0)
        {
            o.WriteLine($"{"out-of-corpus",-12}{outOfCorpus.Count,2}  {"",7}  {"",7}  {Percent(outOfCorpus.Count(x => x.Refused), outOfCorpus.Count)}");
        }

        o.WriteLine();
        o.WriteLine($"top-1 (answerable):     {report.Top1:P1}");
        o.WriteLine($"top-3 (answerable):     {report.Top3:P1}");
        o.WriteLine($"negatives refused:      {report.NegativesRefused:P1}");
        o.WriteLine($"answerable refused:     {report.AnswerableRefused:P1}");
        o.WriteLine($"refusal precision:      {report.RefusalPrecision:P1}");
        o.WriteLine($"refusal recall:         {report.RefusalRecall:P1} (negatives and out-of-corpus)");
        o.WriteLine($"latency:                {report.MillisecondsPerQuestion:F2} ms/question");
        o.WriteLine();
        if (listMisses && Environment.GetEnvironmentVariable("ORGLIFE_EVAL_VERBOSE") == "1")
        {
            o.WriteLine("All:");
            foreach (var x in report.Outcomes)
            {
                o.WriteLine($"  {(x.ExpectRefusal ? "R" : "A")} {(x.Refused ? "refused" : "answered")} {x.Confidence:F2} top1={x.Top1} [{x.Question.Kind}] {x.Question.Question} → {x.Got}");
            }
        }

        if (!listMisses)
        {
            return o.ToString();
        }

        o.WriteLine("Misses:");
        foreach (var miss in report.Outcomes.Where(x => x.ExpectRefusal ? !x.Refused : !x.Top1))
        {
            var expected = miss.ExpectRefusal ? "not covered" : $"{miss.Question.Document} {string.Join('/', miss.Question.Articles)}";
            var got = miss.Refused ? $"not covered (best {miss.Got})" : miss.Got;
            o.WriteLine($"  [{miss.Question.Kind}] {miss.Question.Question} → expected {expected}; got {got} (confidence {miss.Confidence:F2}){(miss.Top3 ? " [in top-3]" : string.Empty)}");
        }

        return o.ToString();
    }

    private static string Percent(int part, int total) => total == 0 ? "    -  " : $"{100.0 * part / total,6:F1}%";

    private static string NormalisePath(string path) => path.Replace('\\', '/');

    private static bool IsDocument(string loadedPath, string expected) =>
        loadedPath == expected || loadedPath.EndsWith("/" + expected.Replace('\\', '/').TrimStart('/'), StringComparison.Ordinal);
}
