using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Cards;

/// <summary>Every template in <c>cards/</c> parses cleanly with Microsoft's <c>adaptivecards</c> library.</summary>
public sealed class CardTemplateTests
{
    [RequiresFact(Requirement.Node)]
    public async Task EveryCardTemplate_ParsesWithoutErrorsOrWarnings()
    {
        var result = await NodeScript.RunAsync("check-cards.cjs", RepositoryPaths.CardsFolder);

        Assert.True(result.ExitCode == 0, "Adaptive Card template problems (node check-cards.cjs):\n" + result.Output);
    }

    [RequiresFact(Requirement.Node)]
    public async Task CardChecker_ReportsRealProblems()
    {
        // Guards the checker itself: a broken template must be caught, so a green run means something.
        var folder = Directory.CreateTempSubdirectory("orglife-cards-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "demo"));
            await File.WriteAllTextAsync(Path.Combine(folder, "demo", "bad.json"), """
                {"type":"AdaptiveCard","version":"1.6","body":[{"type":"Fancy"},{"type":"Input.Text"},{"type":"TextBlock","text":"${title}"}],
                 "actions":[{"type":"Action.Execute","title":"Go"}]}
                """);
            await File.WriteAllTextAsync(Path.Combine(folder, "demo", "bad.data.json"), "{}");
            await File.WriteAllTextAsync(Path.Combine(folder, "demo", "good.json"), """
                {"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"${title}","$when":"${show}"}],
                 "actions":[{"type":"Action.Execute","title":"Go","verb":"demo.go"}]}
                """);

            var result = await NodeScript.RunAsync("check-cards.cjs", folder);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("demo/bad.json: parse: UnknownElementType", result.Output, StringComparison.Ordinal);
            Assert.Contains("demo/bad.json: $.version: 1.6 is above 1.5", result.Output, StringComparison.Ordinal);
            Assert.Contains("demo/bad.json: validate: PropertyCantBeNull: All inputs must have a unique Id.", result.Output, StringComparison.Ordinal);
            Assert.Contains("demo/bad.json: $.actions[0]: Action.Execute without verb", result.Output, StringComparison.Ordinal);
            Assert.Contains("unresolved binding", result.Output, StringComparison.Ordinal);
            Assert.Contains("demo/good.json: ok (raw template)", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
