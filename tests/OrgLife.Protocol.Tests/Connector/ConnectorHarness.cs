using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Hosting;
using OrgLife.Testing;

namespace OrgLife.Protocol.Tests.Connector;

/// <summary>The services AddBotProtocol registers, pointed at a FakeConnector, on a manual clock.</summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ConnectorHarness(FakeConnector fake, ServiceProvider services, ManualTimeProvider time)
    {
        Fake = fake;
        _services = services;
        Time = time;
    }

    public FakeConnector Fake { get; }

    public ManualTimeProvider Time { get; }

    public IConnectorClient Client => _services.GetRequiredService<IConnectorClient>();

    public BotAdapter Adapter => _services.GetRequiredService<BotAdapter>();

    public string ServiceUrl => Fake.ServiceUrl;

    public static async Task<ConnectorHarness> StartAsync(bool authenticated = true, string appType = "SingleTenant", FakeConnectorOptions? fakeOptions = null)
    {
        var fake = await FakeConnector.StartAsync(fakeOptions);
        var settings = new Dictionary<string, string?>
        {
            ["Bot:Authority"] = fake.ServiceUrl,
            ["Bot:AppType"] = appType,
            ["Connector:MaxRetries"] = "3",
            ["Connector:BaseDelay"] = "00:00:01",
            ["Connector:MaxDelay"] = "00:00:20",
        };
        if (authenticated)
        {
            settings["Bot:AppId"] = "app-id-1";
            settings["Bot:AppPassword"] = "s3cret";
            settings["Bot:TenantId"] = "tenant-1";
            settings["Connector:TrustedServiceHosts:0"] = fake.BaseUrl.GetLeftPart(UriPartial.Authority);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow) { AutoAdvance = true };
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddBotProtocol(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new ConnectorHarness(fake, services, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
