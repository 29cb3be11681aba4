using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrgLife.Bot.Platform.Data;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>Which store a host-level test runs against.</summary>
public enum TestStore
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The bot as Teams sees it: the real host through WebApplicationFactory, its own SQLite file (or a fresh
/// PostgreSQL database), a local Connector (<see cref="FakeConnector"/>) that records what the bot sends,
/// and — unless <c>authenticated: false</c> — real JWTs signed by a local OpenID server.
/// Each test owns one; nothing is shared between tests.
/// </summary>
public sealed class BotApplication : IAsyncDisposable
{
    public const string AppId = "6f1d0a3c-7b6e-4a39-9a55-3f0f5b9a0c11";
    public const string TenantId = "00000000-0000-0000-0000-0000000000001";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _dataFolder;
    private readonly ThrowawayDatabase? _postgresDatabase;

    private BotApplication(WebApplicationFactory<Program> factory, FakeConnector connector, LocalOpenIdServer? openId, string dataFolder, ThrowawayDatabase? postgresDatabase, TestStore store)
    {
        _factory = factory;
        Connector = connector;
        OpenId = openId;
        _dataFolder = dataFolder;
        _postgresDatabase = postgresDatabase;
        Store = store;
        Client = factory.CreateClient();
        Minter = openId?.CreateMinter(AppId);
    }

    public FakeConnector Connector { get; }
    public LocalOpenIdServer? OpenId { get; }
    public TokenMinter? Minter { get; }
    public HttpClient Client { get; }
    public TestStore Store { get; }
    public IServiceProvider Services => _factory.Services;
    public string ServiceUrl => Connector.ServiceUrl;

    /// <summary>The connection string of the test PostgreSQL server, or null when none is configured.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("ORGLIFE_TEST_POSTGRES");

    public static async Task<BotApplication> StartAsync(
        TestStore store = TestStore.Sqlite,
        bool authenticated = true,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var connector = await FakeConnector.StartAsync();
        var openId = authenticated ? await LocalOpenIdServer.StartAsync() : null;
        var dataFolder = Path.Combine(Path.GetTempPath(), "orglife-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        ThrowawayDatabase? database = null;
        var config = new Dictionary<string, string?>
        {
            ["Store:DataFolder"] = dataFolder,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (store == TestStore.Postgres)
        {
            database = await ThrowawayDatabase.CreateAsync("orglife_");
            foreach (var (key, value) in database.StoreSettings)
            {
                config[key] = value;
            }
        }

        if (openId is not null)
        {
            config["Bot:AppId"] = AppId;
            config["Bot:AppPassword"] = "test-secret-not-real";
            config["Bot:TenantId"] = TenantId;
            config["Bot:OpenIdMetadataUrl"] = openId.MetadataUrl.AbsoluteUri;
            config["Bot:Authority"] = connector.BaseUrl.AbsoluteUri;
            // The local connector is the one host the authenticated bot may call (Microsoft's hosts otherwise).
            config["Connector:TrustedServiceHosts:0"] = connector.BaseUrl.GetLeftPart(UriPartial.Authority);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(config));
            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        });
        return new BotApplication(factory, connector, openId, dataFolder, database, store);
    }

    /// <summary>Posts an activity as Teams would (with a valid token when authenticated).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var header = authorization ?? (Minter is null ? null : TokenMinter.Bearer(Minter.Mint(activity["serviceUrl"]!.GetValue<string>())));
        if (header is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(header);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Posts and expects a 2xx; returns the body (invoke responses).</summary>
    public async Task<JsonNode?> SendAsync(JsonObject activity)
    {
        using var response = await PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/messages answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }

    /// <summary>A scope on the app's container, for reading the store.</summary>
    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    internal async Task<T> WithStoreAsync<T>(Func<BotDbContext, Task<T>> read)
    {
        await using var scope = CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<BotDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Connector.DisposeAsync();
        if (OpenId is not null)
        {
            await OpenId.DisposeAsync();
        }

        if (_postgresDatabase is not null)
        {
            await _postgresDatabase.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on some platforms; the temp folder is cleaned by the OS.
        }
    }
}
