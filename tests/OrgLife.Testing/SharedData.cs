namespace OrgLife.Testing;

/// <summary>
/// Locates the shared data folder (<c>/work/shared</c>): the <c>ORGLIFE_SHARED</c> environment variable
/// when set, else <c>../shared</c> next to the repository root (the folder holding <c>Bot.sln</c>, found by
/// walking up from <see cref="AppContext.BaseDirectory"/>), else the nearest ancestor's <c>shared</c>
/// folder (git worktrees live deeper than the main checkout).
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<string> LazyRepositoryRoot = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder that holds <c>Bot.sln</c>).</summary>
    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    /// <summary>The shared data folder.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Captured protocol payloads (<c>protocol/fixtures</c>).</summary>
    public static string FixturesDirectory => Path.Combine(Root, "protocol", "fixtures");

    /// <summary>Regulation corpus (<c>corpus</c>).</summary>
    public static string CorpusDirectory => Path.Combine(Root, "corpus");

    /// <summary>Question/answer sets (<c>qa</c>).</summary>
    public static string QaDirectory => Path.Combine(Root, "qa");

    /// <summary>Full path of one fixture, e.g. <c>Fixture("message.json")</c>.</summary>
    public static string Fixture(string fileName) => Path.Combine(FixturesDirectory, fileName);

    /// <summary>Every fixture file, sorted by name.</summary>
    public static IReadOnlyList<string> FixtureFiles() =>
        [.. Directory.EnumerateFiles(FixturesDirectory, "*.json").Order(StringComparer.Ordinal)];

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder containing Bot.sln above {AppContext.BaseDirectory}.");
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ORGLIFE_SHARED");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"ORGLIFE_SHARED points to {fromEnvironment}, which does not exist.");
        }

        var repository = new DirectoryInfo(RepositoryRoot);
        for (var dir = repository.Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "protocol")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared data folder next to {repository.FullName} or above it; set ORGLIFE_SHARED.");
    }
}
