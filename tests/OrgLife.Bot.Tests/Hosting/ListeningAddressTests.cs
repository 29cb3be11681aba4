using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>
/// The built bot, started as an operator starts it (<c>dotnet OrgLife.Bot.dll</c>), listens where the usual
/// ASP.NET Core settings say: <c>ASPNETCORE_URLS</c> or <c>--urls</c> win over the built-in default.
/// </summary>
public sealed class ListeningAddressTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConfiguredAddress_IsWhereTheBotListens(bool throughEnvironment)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var data = Directory.CreateTempSubdirectory("orglife-urls-");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = data.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrgLife.Bot.dll"));
        if (throughEnvironment)
        {
            start.Environment["ASPNETCORE_URLS"] = url;
        }
        else
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(url);
        }

        start.Environment["Store__DataFolder"] = data.FullName;
        start.Environment["Duties__SchedulerEnabled"] = "false";
        using var bot = Process.Start(start)!;
        bot.OutputDataReceived += (_, _) => { };
        bot.ErrorDataReceived += (_, _) => { };
        bot.BeginOutputReadLine();
        bot.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            HttpStatusCode? status = null;
            while (status is null && DateTime.UtcNow < deadline && !bot.HasExited)
            {
                try
                {
                    status = (await http.GetAsync(new Uri($"{url}/healthz"))).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
                catch (TaskCanceledException)
                {
                }
            }

            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            bot.Kill(entireProcessTree: true);
            await bot.WaitForExitAsync();
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the exiting process: the temp folder is cleaned by the OS.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
