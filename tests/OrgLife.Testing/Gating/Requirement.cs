namespace OrgLife.Testing.Gating;

/// <summary>Machine dependencies a test suite needs beyond the .NET SDK.</summary>
[Flags]
public enum Requirement
{
    /// <summary>Nothing beyond .NET.</summary>
    None = 0,

    /// <summary>Headless Chromium at <c>/usr/bin/chromium</c> (Debian package <c>chromium</c>), or <c>ORGLIFE_CHROMIUM</c>.</summary>
    Chromium = 1,

    /// <summary>Node.js 18+ on PATH and <c>npm ci</c> done in <c>tests/OrgLife.EndToEnd.Tests/node</c>.</summary>
    Node = 2,

    /// <summary>A PostgreSQL server: connection string in <c>ORGLIFE_TEST_POSTGRES</c>.</summary>
    PostgreSql = 4,

    /// <summary>The shared evaluation data (full corpus, dev questions): <c>../shared</c> or <c>ORGLIFE_SHARED</c>. Never in a clone.</summary>
    SharedData = 8,
}
