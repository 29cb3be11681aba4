using System.Diagnostics;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests;

/// <summary>Runs one of the node scripts in <see cref="RepositoryPaths.NodeFolder"/> to completion.</summary>
public static class NodeScript
{
    /// <summary>Result of a script run.</summary>
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs <c>node &lt;script&gt; &lt;arguments&gt;</c> in the node folder; fails when node or the packages are missing.</summary>
    public static async Task<Result> RunAsync(string script, params string[] arguments)
    {
        Requirements.Ensure(Requirement.Node);
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.NodeFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryPaths.NodeFolder, script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within 2 minutes.");
        }

        return new Result(process.ExitCode, (await stdout) + (await stderr));
    }
}
