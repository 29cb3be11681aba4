namespace OrgLife.EndToEnd.Tests;

/// <summary>Folders of the repository the tests run from (found by walking up to <c>Bot.sln</c>).</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root.</summary>
    public static string Root => OrgLife.Testing.Gating.Requirements.RepositoryRoot;

    /// <summary><c>tests/OrgLife.EndToEnd.Tests/node</c>: package.json, lock file and the node scripts.</summary>
    public static string NodeFolder => OrgLife.Testing.Gating.Requirements.NodeFolder;

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
