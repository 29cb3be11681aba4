namespace OrgLife.Bot.Features.Regulations.Evaluation;

/// <summary>
/// Finds the shared evaluation data (corpus, questions), which is never copied into the repository:
/// env <c>ORGLIFE_SHARED</c>, else a folder named <c>shared</c> beside the folder holding Bot.sln or beside one
/// of its parents (git worktrees live one level deeper than the main checkout).
/// </summary>
internal static class SharedDataLocator
{
    public const string EnvironmentVariable = "ORGLIFE_SHARED";

    /// <exception cref="DirectoryNotFoundException">With a message that says what to set.</exception>
    public static string Find(string startDirectory)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured)
                ? configured
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} points to '{configured}', which does not exist.");
        }

        var repository = new DirectoryInfo(startDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Bot.sln")))
        {
            repository = repository.Parent;
        }

        if (repository is null)
        {
            throw new DirectoryNotFoundException($"Could not find Bot.sln above '{startDirectory}'; set {EnvironmentVariable} to the shared data folder.");
        }

        for (var dir = repository.Parent; dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(shared, "corpus")))
            {
                return shared;
            }
        }

        throw new DirectoryNotFoundException($"No 'shared' folder (with corpus/) beside '{repository.FullName}' or its parents; set {EnvironmentVariable} to the shared data folder.");
    }
}
