using System.ComponentModel.DataAnnotations;

namespace OrgLife.Bot.Platform.Data;

internal enum StoreProvider
{
    Sqlite = 0,
    Postgres = 1,
}

/// <summary>Configuration section <c>Store</c>.</summary>
internal sealed class StoreOptions : IValidatableObject
{
    public const string SectionName = "Store";

    /// <summary><c>Sqlite</c> (default, zero set-up) or <c>Postgres</c> (several instances behind a load balancer).</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>Folder for the SQLite file (<c>orglife.db</c>); created when missing. Relative to the working directory.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Connection string. Required for Postgres; for SQLite it overrides <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply migrations at start (default true). Turn off when a DBA applies the scripts.</summary>
    public bool MigrateAtStart { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Store:ConnectionString is required when Store:Provider is Postgres.", [nameof(ConnectionString)]);
        }

        if (Provider == StoreProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(DataFolder))
        {
            yield return new ValidationResult("Store:DataFolder must name a folder for the SQLite file.", [nameof(DataFolder)]);
        }
    }

    public string SqliteConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        Directory.CreateDirectory(DataFolder);
        // Default Timeout doubles as SQLite's busy timeout: writers wait for each other instead of failing.
        return $"Data Source={Path.Combine(DataFolder, "orglife.db")};Pooling=True;Default Timeout=30";
    }
}
