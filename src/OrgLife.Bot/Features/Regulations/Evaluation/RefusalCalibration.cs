using System.Globalization;
using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Evaluation;

/// <summary>
/// <c>kb calibrate &lt;questions.jsonl&gt; --corpus &lt;file or folder&gt; [--corpus …] [--translation &lt;file&gt;] [--holdout 0.5] [--seed 1]</c>:
/// fits the <see cref="RefusalModel"/> on the tune part of a question file and prints its coefficients, to be
/// pasted into <see cref="RefusalModel.Coefficients"/>. The held-out part is never read.
/// </summary>
/// <remarks>
/// Each tune question is asked against each corpus; the label is whether that corpus answers it (negatives and
/// questions about documents the corpus lacks are 0). Logistic regression by Newton's method on standardised
/// features with an L2 penalty (the tune half is a few dozen questions: the penalty keeps weights modest). Every sample
/// counts once: weighting the refusals up to match the answers was measured too and refused a fifth of the answerable
/// dev tune questions against the 党章 alone.
/// </remarks>
internal static class RefusalCalibration
{
    public const string Usage = "kb calibrate <questions.jsonl> --corpus <file or folder> [--corpus <…>] [--translation <file.en.md>] [--holdout 0.5] [--seed 1]";

    private const double Penalty = 1.0;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var corpora = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--corpus" && i + 1 < args.Count)
            {
                corpora.Add(args[++i]);
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        if (corpora.Count == 0 || EvaluationOptions.Parse([.. rest, "--corpus", corpora[0]]) is not { } options || options.Holdout <= 0)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var questions = await KnowledgeBaseEvaluation.ReadQuestionsAsync(options.QuestionsPath, cancellationToken);
        var (tune, _) = KnowledgeBaseEvaluation.Split(questions, options.Holdout, options.Seed);
        var samples = new List<(double[] Features, bool Answerable)>();
        foreach (var corpus in corpora)
        {
            var documents = (await RegulationCorpus.LoadAsync(corpus, cancellationToken)).Documents;
            if (options.TranslationPath is { } translation)
            {
                documents = await TranslationAttacher.AttachAsync(documents, translation, cancellationToken);
            }

            var index = RegulationIndex.Build(documents);
            var report = KnowledgeBaseEvaluation.Evaluate(tune, index, TimeSpan.Zero);
            foreach (var outcome in report.Outcomes)
            {
                var result = index.Search(outcome.Question.Question, SearchOptions.Default with { MaxHits = 3 });
                if (result.Hits.Count == 0 || result.Hits[0].IsDirectLookup)
                {
                    continue;
                }

                samples.Add((result.Hits[0].Evidence.ToFeatures(), !outcome.ExpectRefusal));
            }
        }

        var coefficients = Fit(samples);
        var o = new StringWriter(CultureInfo.InvariantCulture);
        o.WriteLine($"Tune questions: {tune.Count} × {corpora.Count} corpora = {samples.Count} samples ({samples.Count(s => s.Answerable)} answerable).");
        o.WriteLine("Coefficients (intercept, " + string.Join(", ", AnswerEvidence.Names) + "):");
        o.WriteLine("[" + string.Join(", ", coefficients.Select(c => c.ToString("0.###", CultureInfo.InvariantCulture))) + "]");
        var answered = samples.Where(s => s.Answerable).Count(s => RefusalModel.Probability(s.Features, coefficients) >= RefusalModel.AnswerThreshold);
        var refused = samples.Where(s => !s.Answerable).Count(s => RefusalModel.Probability(s.Features, coefficients) < RefusalModel.AnswerThreshold);
        o.WriteLine($"On the tune samples: answerable answered {answered}/{samples.Count(s => s.Answerable)}, refusals refused {refused}/{samples.Count(s => !s.Answerable)}.");
        await output.WriteAsync(o.ToString());
        return 0;
    }

    /// <summary>L2-penalised logistic regression; returns the intercept then one weight per feature, on the original feature scale.</summary>
    internal static double[] Fit(IReadOnlyList<(double[] Features, bool Answerable)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var dimension = samples.Count == 0 ? AnswerEvidence.Names.Length : samples[0].Features.Length;
        var mean = new double[dimension];
        var scale = new double[dimension];
        for (var j = 0; j < dimension; j++)
        {
            mean[j] = samples.Count == 0 ? 0 : samples.Average(s => s.Features[j]);
            var variance = samples.Count == 0 ? 0 : samples.Average(s => Math.Pow(s.Features[j] - mean[j], 2));
            scale[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        var size = dimension + 1;
        var w = new double[size];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = new double[size];
            var hessian = new double[size, size];
            for (var j = 1; j < size; j++)
            {
                gradient[j] = Penalty * w[j];
                hessian[j, j] = Penalty;
            }

            foreach (var (features, answerable) in samples)
            {
                var x = new double[size];
                x[0] = 1;
                for (var j = 0; j < dimension; j++)
                {
                    x[j + 1] = (features[j] - mean[j]) / scale[j];
                }

                var z = 0.0;
                for (var j = 0; j < size; j++)
                {
                    z += w[j] * x[j];
                }

                var p = 1 / (1 + Math.Exp(-z));
                for (var j = 0; j < size; j++)
                {
                    gradient[j] += (p - (answerable ? 1 : 0)) * x[j];
                    for (var k = 0; k < size; k++)
                    {
                        hessian[j, k] += p * (1 - p) * x[j] * x[k];
                    }
                }
            }

            var step = Solve(hessian, gradient);
            for (var j = 0; j < size; j++)
            {
                w[j] -= step[j];
            }

            if (step.Max(Math.Abs) < 1e-9)
            {
                break;
            }
        }

        // Back to the raw feature scale, so the model needs no stored means.
        var result = new double[size];
        result[0] = w[0];
        for (var j = 0; j < dimension; j++)
        {
            result[j + 1] = w[j + 1] / scale[j];
            result[0] -= w[j + 1] * mean[j] / scale[j];
        }

        return result;
    }

    // Gaussian elimination with partial pivoting; the system is a handful of unknowns.
    private static double[] Solve(double[,] matrix, double[] vector)
    {
        var n = vector.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])vector.Clone();
        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < n; row++)
            {
                if (Math.Abs(a[row, column]) > Math.Abs(a[pivot, column]))
                {
                    pivot = row;
                }
            }

            for (var k = 0; k < n; k++)
            {
                (a[column, k], a[pivot, k]) = (a[pivot, k], a[column, k]);
            }

            (b[column], b[pivot]) = (b[pivot], b[column]);
            for (var row = column + 1; row < n; row++)
            {
                var factor = a[row, column] / a[column, column];
                for (var k = column; k < n; k++)
                {
                    a[row, k] -= factor * a[column, k];
                }

                b[row] -= factor * b[column];
            }
        }

        var x = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = b[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= a[row, k] * x[k];
            }

            x[row] = sum / a[row, row];
        }

        return x;
    }
}
