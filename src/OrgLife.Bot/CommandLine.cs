using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Data;

namespace OrgLife.Bot;

/// <summary>
/// Verbs of the host besides serving: <c>kb …</c> (knowledge base), <c>package</c> (Teams app zip),
/// <c>db script</c> (schema DDL for a DBA). <c>dotnet run --project src/OrgLife.Bot -- &lt;verb&gt;</c>.
/// </summary>
internal static class CommandLine
{
    private static readonly string[] Verbs = ["kb", "package", "db"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        switch (args)
        {
            case ["db", "script", var provider]:
                return PrintSchema(provider, output);
            case ["kb", "eval", .. var rest] when Features.Regulations.Evaluation.EvaluationOptions.Parse(rest) is { } evaluation:
                return await Features.Regulations.Evaluation.KnowledgeBaseEvaluation.RunAsync(evaluation, output);
            case ["kb", "import" or "list" or "remove", ..]:
                return await Features.Regulations.Library.KnowledgeCommandLine.RunAsync(args, output, Configuration(args));
            case ["package", .. var rest]:
                return await Packaging.AppPackage.WriteAsync(Configuration(rest), OptionValue(rest, "--out") ?? "orglife.zip", output);
            default:
                await output.WriteLineAsync("Usage: package [--out orglife.zip] | db script sqlite|postgres | kb import <files or folders> [--scope <id>] | kb list | kb remove <id|title> | " + Features.Regulations.Evaluation.EvaluationOptions.Usage);
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

    /// <summary>The create script of the current model, used to write each provider's migrations.</summary>
    private static int PrintSchema(string provider, TextWriter output)
    {
        using BotDbContext db = provider.ToLowerInvariant() switch
        {
            "sqlite" => new SqliteBotDbContext(new DbContextOptionsBuilder<SqliteBotDbContext>().UseSqlite("Data Source=:memory:").Options),
            "postgres" => new PostgresBotDbContext(new DbContextOptionsBuilder<PostgresBotDbContext>().UseNpgsql("Host=localhost").Options),
            _ => throw new ArgumentException($"Unknown provider '{provider}': use sqlite or postgres."),
        };
        output.Write(db.Database.GenerateCreateScript());
        return 0;
    }
}
