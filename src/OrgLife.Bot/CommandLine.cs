namespace OrgLife.Bot;

/// <summary>
/// Verbs of the host besides serving: <c>kb …</c> (knowledge base), <c>package</c> (Teams app zip).
/// <c>dotnet run --project src/OrgLife.Bot -- &lt;verb&gt;</c>. Schema scripts for a DBA come from
/// <c>dotnet ef migrations script</c> (CONTRIBUTING.md).
/// </summary>
internal static class CommandLine
{
    private static readonly string[] Verbs = ["kb", "package"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        switch (args)
        {
            case ["kb", "eval", .. var rest] when Features.Regulations.Evaluation.EvaluationOptions.Parse(rest) is { } evaluation:
                return await Features.Regulations.Evaluation.KnowledgeBaseEvaluation.RunAsync(evaluation, output);
            case ["kb", "import" or "list" or "remove", ..]:
                return await Features.Regulations.Library.KnowledgeCommandLine.RunAsync(args, output, Configuration(args));
            case ["package", .. var rest]:
                return await Platform.Packaging.AppPackage.WriteAsync(Configuration(rest), OptionValue(rest, "--out") ?? "orglife.zip", output);
            default:
                await output.WriteLineAsync("Usage: package [--out orglife.zip] | kb import <files or folders> [--scope <id>] | kb list | kb remove <id|title> | " + Features.Regulations.Evaluation.EvaluationOptions.Usage);
                return 2;
        }
    }

    /// <summary>The same configuration sources as the web host: appsettings, environment, command line.</summary>
    private static IConfiguration Configuration(string[] args) => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args.Where(a => a.Contains('=', StringComparison.Ordinal)).ToArray())
        .Build();

    private static string? OptionValue(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
