namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>The original sample document bundled with the bot, so a fresh install can answer something.</summary>
internal static class SampleRegulations
{
    public const string BranchRulesResource = "samples/sample-branch-rules.md";

    /// <summary>Parses the embedded 《示例党支部组织生活实施细则》.</summary>
    public static RegulationDocument LoadBranchRules()
    {
        using var stream = typeof(SampleRegulations).Assembly.GetManifestResourceStream(BranchRulesResource)
            ?? throw new InvalidOperationException($"Embedded resource '{BranchRulesResource}' is missing from the build.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return RegulationParser.Parse("sample-branch-rules.md", memory.ToArray());
    }
}
