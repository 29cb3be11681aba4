namespace OrgLife.EndToEnd.Tests;

/// <summary>Folders of the repository the tests run from (found by walking up to <c>Bot.sln</c>).</summary>
public static class RepositoryPaths
{
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

    /// <summary>The repository root.</summary>
    public static string Root => RootLazy.Value;

    /// <summary><c>tests/OrgLife.EndToEnd.Tests/node</c>: package.json, lock file and the node scripts.</summary>
    public static string NodeFolder => Path.Combine(Root, "tests", "OrgLife.EndToEnd.Tests", "node");

    /// <summary><c>manifest/</c>.</summary>
    public static string ManifestFolder => Path.Combine(Root, "manifest");

    /// <summary><c>cards/</c>.</summary>
    public static string CardsFolder => Path.Combine(Root, "cards");

    /// <summary>Where tests leave screenshots and logs: <c>TestResults/e2e</c> under the test output folder.</summary>
    public static string ArtifactsFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "e2e");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
