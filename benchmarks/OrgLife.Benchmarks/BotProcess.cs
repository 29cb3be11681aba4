using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrgLife.Benchmarks;

/// <summary>The bot as a separate process on loopback, as the load benchmarks run it.</summary>
internal static class BotProcess
{
    public static Process StartBot(string botDll, int port, string dataFolder)
    {
        var useTaskset = Environment.ProcessorCount > 1 && File.Exists("/usr/bin/taskset");
        var info = new ProcessStartInfo(useTaskset ? "/usr/bin/taskset" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (useTaskset)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("0");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(botDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Store__DataFolder"] = dataFolder;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The bot's GC as shipped (its runtimeconfig); DOTNET_gcServer in the caller's environment overrides it.
        if (Environment.GetEnvironmentVariable("DOTNET_gcServer") is { } gc)
        {
            info.Environment["DOTNET_gcServer"] = gc;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the bot.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("bot: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Imports documents into the bot's store the way an administrator does (<c>kb import</c>), so a load run
    /// answers over a realistic knowledge base; returns the CLI's last line (what it imported).
    /// </summary>
    public static async Task<string> ImportAsync(string botDll, string dataFolder, string corpus)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { botDll, "kb", "import", corpus })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Store__DataFolder"] = dataFolder;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the import.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kb import failed ({process.ExitCode}): {await errors}");
        }

        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }

    public static async Task WaitUntilUpAsync(HttpClient http, Uri health)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(health);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The bot did not come up within 60 s.");
    }

    public static long PeakMemoryKb(int botPid)
    {
        // taskset execs dotnet in place, so the pid is the bot's.
        var status = $"/proc/{botPid}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class Latency
{
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
