using OrgLife.Bot.Features.Regulations.Evaluation;
using OrgLife.Testing.Gating;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>
/// A test that needs the team's shared data (corpus and dev questions, never copied into the repository): skipped
/// with the reason on a user's clone, and failing instead when <c>ORGLIFE_REQUIRE_ALL_SUITES=1</c> (CI).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresSharedDataFactAttribute : FactAttribute
{
    public RequiresSharedDataFactAttribute()
    {
        if (SharedCorpus.Missing is { } missing && !Requirements.AllRequired)
        {
            Skip = $"Skipped: {missing} Set {Requirements.RequireAllVariable}=1 to make this a failure.";
        }
    }
}

/// <summary>Where the shared data is, or why it is not there.</summary>
internal static class SharedCorpus
{
    private static readonly Lazy<(string? Folder, string? Problem)> Located = new(() =>
    {
        try
        {
            return (SharedDataLocator.Find(AppContext.BaseDirectory), null);
        }
        catch (DirectoryNotFoundException exception)
        {
            return (null, exception.Message);
        }
    });

    public static string? Missing => Located.Value.Problem;

    public static string Folder => Located.Value.Folder ?? throw new DirectoryNotFoundException(Located.Value.Problem);
}
