using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Playground;

/// <summary>The xunit collection that shares one bot + playground + browser.</summary>
[CollectionDefinition(Name)]
public sealed class PlaygroundSuite : ICollectionFixture<PlaygroundFixture>
{
    public const string Name = "Playground";
}

/// <summary>
/// Starts, once per test collection, the real bot (<c>dotnet OrgLife.Bot.dll --urls http://127.0.0.1:&lt;port&gt;</c>,
/// SQLite in a temp folder), Microsoft's Agents Playground (Teams emulator) on loopback pointing at it, and
/// headless Chromium through Playwright (every non-loopback request aborted). Each scenario gets a fresh
/// browser page through <see cref="RunAsync"/>. Everything is stopped by PID at the end.
/// </summary>
public sealed partial class PlaygroundFixture : IAsyncLifetime
{
    /// <summary>Set to a bot base address (e.g. <c>http://127.0.0.1:3978</c>) to test a bot you started yourself.</summary>
    public const string ExternalBotVariable = "ORGLIFE_E2E_BOT_URL";

    /// <summary>What the playground suite needs on the machine.</summary>
    public const Requirement Needs = Requirement.Chromium | Requirement.Node;

    /// <summary>Chromium's switches for a headless run in a container.</summary>
    internal static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private ChildProcess? _bot;
    private ChildProcess? _playground;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _dataFolder;

    /// <summary>The bot's base address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri BotUri { get; private set; } = new("http://127.0.0.1");

    /// <summary>The playground's base address (UI and API).</summary>
    public Uri PlaygroundUri { get; private set; } = new("http://127.0.0.1");

    /// <summary>The playground's HTTP API.</summary>
    public PlaygroundApi Api { get; private set; } = null!;

    /// <summary>The bot's SQLite folder (<c>Store:DataFolder</c>).</summary>
    public string DataFolder => _dataFolder ?? throw new InvalidOperationException("The fixture did not start.");

    /// <summary>Everything the bot printed so far (its log).</summary>
    public string BotOutput => _bot?.Output ?? string.Empty;

    /// <summary>Where screenshots and logs go.</summary>
    public static string ArtifactsFolder => RepositoryPaths.ArtifactsFolder;

    public async Task InitializeAsync()
    {
        if (Requirements.Missing(Needs) is not null)
        {
            // The tests are skipped (RequiresFact) or, with ORGLIFE_REQUIRE_ALL_SUITES=1, fail with the reason here.
            Requirements.Ensure(Needs);
            return;
        }

        _dataFolder = Directory.CreateTempSubdirectory("orglife-e2e-data-").FullName;
        await StartBotAsync();
        await StartPlaygroundAsync();
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Requirements.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_playground is not null)
        {
            await _playground.DisposeAsync();
        }

        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        _http.Dispose();
        if (_dataFolder is not null)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite files may still be mapped for a moment; the OS temp folder cleans up.
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> in a fresh browser page on the playground, then checks that no card it saw had
    /// an action without a title, verb or url (<see cref="CardChecks"/>). On failure it saves a
    /// full-page screenshot, the page HTML and the bot/playground logs to <see cref="ArtifactsFolder"/> and
    /// rethrows with their paths.
    /// </summary>
    public async Task RunAsync(Func<TeamsClient, Task> scenario, string? locale = "zh-CN", [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Requirements.Ensure(Needs);
        var context = await _browser!.NewContextAsync(new() { Locale = locale, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        await context.RouteAsync("**/*", route => IsLoopback(route.Request.Url) ? route.ContinueAsync() : route.AbortAsync());
        var page = await context.NewPageAsync();
        var client = new TeamsClient(page, Api, PlaygroundUri);
        try
        {
            await scenario(client);
            await CardChecks.AssertNoBlankButtonsAsync(client);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            var stem = Path.Combine(ArtifactsFolder, $"{DateTime.UtcNow:HHmmss}-{Sanitize(name)}");
            try
            {
                await page.ScreenshotAsync(new() { Path = stem + ".png", FullPage = true });
                await File.WriteAllTextAsync(stem + ".html", await page.ContentAsync());
            }
            catch (PlaywrightException)
            {
                // The page may be gone; the logs below still help.
            }

            await File.WriteAllTextAsync(stem + ".bot.log", BotOutput);
            await File.WriteAllTextAsync(stem + ".playground.log", _playground?.Output ?? string.Empty);
            throw new PlaygroundScenarioException(
                $"Scenario {name} failed: {failure.Message}\nScreenshot: {stem}.png (also .html, .bot.log, .playground.log)\nBot log tail:\n{_bot?.Tail(2500)}",
                failure);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Scheme is "data" or "blob");

    private static string Sanitize(string name) => InvalidFileChars().Replace(name, "_");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The bot's build output next to this test assembly's (same configuration and framework).</summary>
    private static string BotAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = typeof(PlaygroundFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? testOutput.Parent!.Name;
        var candidates = new[]
        {
            Path.Combine(RepositoryPaths.Root, "src", "OrgLife.Bot", "bin", configuration, framework, "OrgLife.Bot.dll"),
            Path.Combine(RepositoryPaths.Root, "artifacts", "bin", "OrgLife.Bot", configuration.ToLowerInvariant(), "OrgLife.Bot.dll"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"OrgLife.Bot is not built (looked for {string.Join(", ", candidates)}). Build the solution first.");
    }

    private async Task StartBotAsync()
    {
        // Debugging aid: point the suite at a bot you run yourself (e.g. under a debugger).
        if (Environment.GetEnvironmentVariable(ExternalBotVariable) is { Length: > 0 } external)
        {
            BotUri = new Uri(external);
            return;
        }

        var port = FreePort();
        BotUri = new Uri($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string?>
        {
            // No Bot:AppId = the unauthenticated emulator mode the playground needs (it sends no token).
            ["Bot__AppId"] = string.Empty,
            ["Bot__AppPassword"] = string.Empty,
            ["Store__Provider"] = "Sqlite",
            ["Store__DataFolder"] = _dataFolder,
            ["Store__ConnectionString"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = null,
            ["ASPNETCORE_URLS"] = null,
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            // Reminders may go out whenever the suite runs (CI at night, at the weekend): no quiet hours, no rest days.
            ["Duties__QuietFrom"] = "00:00",
            ["Duties__QuietUntil"] = "00:00",
            ["Duties__SkipWeekends"] = "false",
        };
        _bot = ChildProcess.Start("dotnet", [BotAssemblyPath(), "--urls", BotUri.ToString().TrimEnd('/')], RepositoryPaths.Root, environment, Path.Combine(ArtifactsFolder, $"bot-{port}.log"));
        await _bot.WaitUntilAsync(() => RespondsAsync(BotUri), TimeSpan.FromSeconds(60), "OrgLife.Bot");
    }

    private async Task StartPlaygroundAsync()
    {
        var node = RepositoryPaths.NodeFolder;
        var workDir = Directory.CreateTempSubdirectory("orglife-playground-").FullName;
        var environment = new Dictionary<string, string?>
        {
            ["TEAMSAPPTESTER_BROWSER"] = "none",
            ["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(workDir, "playground-internal.log"),
            ["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = null,
        };
        string[] arguments =
        [
            "-r", Path.Combine(node, "loopback-only.cjs"),
            Path.Combine(node, "node_modules", "@microsoft", "teams-app-test-tool", "cli.js"), "start",
            "-e", new Uri(BotUri, "/api/messages").ToString(), "-c", "msteams", "-p", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--disable-telemetry",
        ];
        _playground = ChildProcess.Start("node", arguments, workDir, environment, Path.Combine(ArtifactsFolder, $"playground-for-bot-{BotUri.Port}.log"));

        // If the asked port is taken the playground silently picks another: read the one it prints.
        var port = 0;
        await _playground.WaitUntilAsync(
            () =>
            {
                var match = ListeningOn().Match(_playground.Output);
                port = match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                return Task.FromResult(match.Success);
            },
            TimeSpan.FromSeconds(60),
            "Agents Playground (Listening on …)");
        PlaygroundUri = new Uri($"http://127.0.0.1:{port}");
        await _playground.WaitUntilAsync(async () => await GetTextAsync(new Uri(PlaygroundUri, "/_debug/ping")) == "pong", TimeSpan.FromSeconds(30), "Agents Playground /_debug/ping");
        Api = new PlaygroundApi(new HttpClient { BaseAddress = PlaygroundUri, Timeout = TimeSpan.FromSeconds(30) });
    }

    private async Task<bool> RespondsAsync(Uri uri)
    {
        try
        {
            using var response = await _http.GetAsync(uri);
            return true; // any HTTP answer means Kestrel is listening
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<string?> GetTextAsync(Uri uri)
    {
        try
        {
            return await _http.GetStringAsync(uri);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex InvalidFileChars();
}

/// <summary>A playground scenario failed; the message names the screenshot and logs.</summary>
public sealed class PlaygroundScenarioException(string message, Exception inner) : Exception(message, inner);
