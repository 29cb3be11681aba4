namespace OrgLife.Bot.Tests.Hosting;

/// <summary>
/// A fact that needs the test PostgreSQL server (env <c>ORGLIFE_TEST_POSTGRES</c>, set by <c>.ci/run</c>).
/// Skipped with the reason on a machine without one, unless <c>ORGLIFE_REQUIRE_ALL_SUITES=1</c> (CI), where a
/// missing server fails the test instead of skipping it.
/// </summary>
public sealed class RequiresPostgresFactAttribute : FactAttribute
{
    public RequiresPostgresFactAttribute()
    {
        if (BotApplication.PostgresConnectionString is null && Environment.GetEnvironmentVariable("ORGLIFE_REQUIRE_ALL_SUITES") != "1")
        {
            Skip = "Needs PostgreSQL: set ORGLIFE_TEST_POSTGRES to a connection string (.ci/run starts one).";
        }
    }
}
