using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace OrgLife.Benchmarks;

/// <summary>The benchmarks' fake Connectors: a quiet Kestrel app on 127.0.0.1 (port 0: any free port).</summary>
internal static class LoopbackApp
{
    public static WebApplication Create(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        return builder.Build();
    }
}
