namespace OrgLife.Benchmarks;

/// <summary>Finds the shared test data: env ORGLIFE_SHARED, else the sibling "shared" of the folder holding Bot.sln.</summary>
internal static class SharedData
{
    public static string Folder()
    {
        var configured = Environment.GetEnvironmentVariable("ORGLIFE_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : throw new DirectoryNotFoundException($"ORGLIFE_SHARED points to '{configured}', which does not exist.");
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : throw new DirectoryNotFoundException($"Shared data folder '{shared}' (sibling of the repository) is missing; set ORGLIFE_SHARED.");
            }
        }

        throw new DirectoryNotFoundException("Could not find Bot.sln above the current directory; set ORGLIFE_SHARED to the shared data folder.");
    }

    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
