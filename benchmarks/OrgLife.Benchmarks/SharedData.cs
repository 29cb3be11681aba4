using OrgLife.Bot.Features.Regulations.Evaluation;

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

        return SharedDataLocator.Find(Directory.GetCurrentDirectory());
    }

    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
