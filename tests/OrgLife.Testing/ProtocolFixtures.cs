namespace OrgLife.Testing;

/// <summary>
/// The captured protocol payloads, kept in the repository (<c>tests/OrgLife.Testing/Fixtures/Protocol</c>,
/// copied beside the test binaries) so a fresh clone runs every protocol test with nothing but the SDK.
/// </summary>
public static class ProtocolFixtures
{
    /// <summary>The folder of the copies next to the running test assembly.</summary>
    public static string Directory { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Protocol");

    /// <summary>Full path of one fixture, e.g. <c>Path("message.json")</c>.</summary>
    public static string Path(string fileName) => System.IO.Path.Combine(Directory, fileName);

    /// <summary>Every fixture file, sorted by name.</summary>
    public static IReadOnlyList<string> Files() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal)];
}
