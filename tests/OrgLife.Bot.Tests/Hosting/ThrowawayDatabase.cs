using Npgsql;
using OrgLife.Testing.Gating;

namespace OrgLife.Bot.Tests.Hosting;

/// <summary>
/// A fresh database on the test PostgreSQL server (<c>ORGLIFE_TEST_POSTGRES</c>), dropped with its connections on
/// dispose, so tests on PostgreSQL never see each other's rows.
/// </summary>
internal sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ThrowawayDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The store settings that point the bot at this database.</summary>
    public Dictionary<string, string?> StoreSettings => new()
    {
        ["Store:Provider"] = "Postgres",
        ["Store:ConnectionString"] = ConnectionString,
    };

    public static async Task<ThrowawayDatabase> CreateAsync(string prefix)
    {
        var admin = Requirements.PostgresConnectionString ?? throw new InvalidOperationException("ORGLIFE_TEST_POSTGRES is not set.");
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new ThrowawayDatabase(admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
