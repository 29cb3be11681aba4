using OrgLife.Testing.Gating;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrgLife.Bot.Data;
using OrgLife.Bot.Tests.Hosting;

namespace OrgLife.Bot.Tests.Data;

/// <summary>
/// The hand-written migrations of each provider must build exactly the schema the model describes
/// (EF's design-time tooling is not available here, so this is what catches a model change without a migration).
/// </summary>
public sealed class StoreSchemaTests
{
    [Fact]
    public async Task SqliteMigrations_ProduceTheModelSchema()
    {
        var migrated = await SqliteSchemaAsync(db => db.Database.MigrateAsync());
        var modelled = await SqliteSchemaAsync(db => db.Database.EnsureCreatedAsync());

        Assert.Equal(modelled, migrated);
    }

    [RequiresFact(Requirement.PostgreSql)]
    public async Task PostgresMigrations_ProduceTheModelSchema()
    {
        var migrated = await PostgresSchemaAsync(db => db.Database.MigrateAsync());
        var modelled = await PostgresSchemaAsync(db => db.Database.EnsureCreatedAsync());

        Assert.Equal(modelled, migrated);
    }

    private static async Task<string> SqliteSchemaAsync(Func<BotDbContext, Task> create)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<SqliteBotDbContext>().UseSqlite(connection)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options;
        await using (var db = new SqliteBotDbContext(options))
        {
            await create(db);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.name || '.' || p.name || ':' || p.type || ':' || p."notnull" || ':' || p.pk
            FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE '\_\_EF%' ESCAPE '\' AND m.name NOT LIKE 'sqlite%'
            UNION ALL
            SELECT 'index ' || name || ' on ' || tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite%'
            ORDER BY 1
            """;
        return await ReadLinesAsync(command);
    }

    private static async Task<string> PostgresSchemaAsync(Func<BotDbContext, Task> create)
    {
        await using var database = await ThrowawayDatabase.CreateAsync("orglife_schema_");
        var connectionString = database.ConnectionString;
        var options = new DbContextOptionsBuilder<PostgresBotDbContext>().UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options;
        await using (var db = new PostgresBotDbContext(options))
        {
            await create(db);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || coalesce(character_maximum_length::text, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
            UNION ALL
            SELECT 'index ' || indexname || ' on ' || tablename FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EF%'
            ORDER BY 1
            """, connection);
        return await ReadLinesAsync(command);
    }

    private static async Task<string> ReadLinesAsync(System.Data.Common.DbCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
