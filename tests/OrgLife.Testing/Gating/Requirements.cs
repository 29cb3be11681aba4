using System.Diagnostics;

namespace OrgLife.Testing.Gating;

/// <summary>
/// Probes the machine for what a suite needs. On a developer machine a missing dependency skips the
/// suite with the reason; with <c>ORGLIFE_REQUIRE_ALL_SUITES=1</c> (CI) it fails instead, so CI can
/// never go green by skipping.
/// </summary>
public static class Requirements
{
    /// <summary>Set to <c>1</c> (CI) to turn a missing dependency into a failure.</summary>
    public const string RequireAllVariable = "ORGLIFE_REQUIRE_ALL_SUITES";

    /// <summary>Connection string of a throwaway PostgreSQL database for tests.</summary>
    public const string PostgresVariable = "ORGLIFE_TEST_POSTGRES";

    /// <summary>Overrides the Chromium binary (default <c>/usr/bin/chromium</c>).</summary>
    public const string ChromiumVariable = "ORGLIFE_CHROMIUM";

    private static readonly Lazy<string?> ChromiumProblem = new(ProbeChromium);
    private static readonly Lazy<string?> NodeProblem = new(ProbeNode);

    /// <summary>True when CI demands every suite to run.</summary>
    public static bool AllRequired => Environment.GetEnvironmentVariable(RequireAllVariable) == "1";

    /// <summary>The Chromium executable the browser suites launch.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The PostgreSQL connection string, or null.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>The repository root (the folder holding <c>Bot.sln</c> above the test binaries).</summary>
    public static string RepositoryRoot => RootLazy.Value;

    /// <summary><c>tests/OrgLife.EndToEnd.Tests/node</c>: the pinned npm packages and node scripts.</summary>
    public static string NodeFolder => Path.Combine(RepositoryRoot, "tests", "OrgLife.EndToEnd.Tests", "node");

    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Bot.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>Why <paramref name="needs"/> cannot be met here, or null when everything is present.</summary>
    public static string? Missing(Requirement needs)
    {
        var problems = new List<string>();
        if (needs.HasFlag(Requirement.Chromium) && ChromiumProblem.Value is { } chromium)
        {
            problems.Add(chromium);
        }

        if (needs.HasFlag(Requirement.Node) && NodeProblem.Value is { } node)
        {
            problems.Add(node);
        }

        if (needs.HasFlag(Requirement.PostgreSql) && PostgresConnectionString is null)
        {
            problems.Add($"PostgreSQL: {PostgresVariable} is not set (.ci/run starts a throwaway server and sets it)");
        }

        if (needs.HasFlag(Requirement.SharedData) && OrgLife.Testing.SharedData.Missing is { } shared)
        {
            problems.Add(shared);
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// The skip reason for a test that needs <paramref name="needs"/>: null when it can run, and also null
    /// when a dependency is missing but <see cref="AllRequired"/> (the test then fails in <see cref="Ensure"/>).
    /// </summary>
    public static string? SkipReason(Requirement needs)
    {
        var missing = Missing(needs);
        return missing is null || AllRequired ? null : $"Skipped, missing {missing}. Set {RequireAllVariable}=1 to make this a failure.";
    }

    /// <summary>Throws with the reason when <paramref name="needs"/> cannot be met.</summary>
    public static void Ensure(Requirement needs)
    {
        if (Missing(needs) is { } missing)
        {
            throw new InvalidOperationException($"This suite needs {missing}." + (AllRequired ? $" ({RequireAllVariable}=1: missing dependencies fail.)" : string.Empty));
        }
    }

    private static string? ProbeChromium()
    {
        var path = ChromiumPath;
        return File.Exists(path) ? null : $"Chromium: {path} not found (apt-get install chromium; never let Playwright download a browser)";
    }

    private static string? ProbeNode()
    {
        var version = Run("node", "--version");
        if (version is null)
        {
            return "Node.js: `node` not on PATH (apt-get install nodejs npm)";
        }

        if (!Version.TryParse(version.TrimStart('v').Trim(), out var parsed) || parsed.Major < 18)
        {
            return $"Node.js: version {version.Trim()} is older than 18";
        }

        var lockMarker = Path.Combine(NodeFolder, "node_modules", ".package-lock.json");
        return File.Exists(lockMarker) ? null : $"Node.js packages: run `npm ci` in {NodeFolder}";
    }

    private static string? Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
