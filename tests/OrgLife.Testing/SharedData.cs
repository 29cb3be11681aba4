using OrgLife.Testing.Gating;

namespace OrgLife.Testing;

/// <summary>
/// Locates the shared evaluation data (the full regulation corpus and the question sets), which is never part
/// of the repository: the <c>ORGLIFE_SHARED</c> environment variable when set, else a <c>shared</c> folder beside
/// the repository root (the folder holding <c>Bot.sln</c>) or beside one of its ancestors (git worktrees live
/// deeper than the main checkout). A clone has none: tests that read it use
/// <see cref="RequiresFactAttribute"/> with <see cref="Requirement.SharedData"/> and skip with the reason.
/// </summary>
public static class SharedData
{
    /// <summary>Overrides where the shared data folder is.</summary>
    public const string Variable = "ORGLIFE_SHARED";

    private static readonly Lazy<(string? Root, string? Problem)> Located = new(Locate);

    /// <summary>The repository root (the folder that holds <c>Bot.sln</c>).</summary>
    public static string RepositoryRoot => Requirements.RepositoryRoot;

    /// <summary>Why the shared data cannot be used here, or null when it is present.</summary>
    public static string? Missing => Located.Value.Problem;

    /// <summary>The shared data folder; throws with the reason when it is absent.</summary>
    public static string Root => Located.Value.Root ?? throw new DirectoryNotFoundException(Located.Value.Problem);

    /// <summary>Regulation corpus (<c>corpus</c>).</summary>
    public static string CorpusDirectory => Path.Combine(Root, "corpus");

    /// <summary>Question/answer sets (<c>qa</c>).</summary>
    public static string QaDirectory => Path.Combine(Root, "qa");

    private static (string?, string?) Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return IsSharedFolder(fromEnvironment)
                ? (Path.GetFullPath(fromEnvironment), null)
                : (null, $"shared data: {Variable}={fromEnvironment} has no corpus/ and qa/ folders");
        }

        var repository = new DirectoryInfo(RepositoryRoot);
        for (var dir = repository.Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (IsSharedFolder(candidate))
            {
                return (candidate, null);
            }
        }

        return (null, $"shared data (full corpus and dev questions): no ../shared beside {repository.FullName} or above it, and {Variable} is not set");
    }

    private static bool IsSharedFolder(string path) =>
        Directory.Exists(Path.Combine(path, "corpus")) && Directory.Exists(Path.Combine(path, "qa"));
}
