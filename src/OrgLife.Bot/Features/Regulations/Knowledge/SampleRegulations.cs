namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>
/// Documents bundled with the bot, so a fresh install answers real questions: the sample branch rules and the
/// 中国共产党章程 (2022, a public document; source in Samples/SOURCES.md) with its official English translation.
/// </summary>
internal static class SampleRegulations
{
    public const string BranchRulesResource = "samples/sample-branch-rules.md";
    public const string PartyConstitutionResource = "samples/dangzhang-2022.md";
    public const string PartyConstitutionTranslationResource = "samples/dangzhang-2017-english.md";

    private static readonly Lazy<RegulationDocument> PartyConstitution = new(() =>
    {
        var document = RegulationParser.Parse("dangzhang-2022.md", Read(PartyConstitutionResource));
        var english = System.Text.Encoding.UTF8.GetString(Read(PartyConstitutionTranslationResource));
        return RegulationTranslation.Attach(document, english, "dangzhang-2017-english.md");
    });

    /// <summary>Parses the embedded 《示例党支部组织生活实施细则》.</summary>
    public static RegulationDocument LoadBranchRules() => RegulationParser.Parse("sample-branch-rules.md", Read(BranchRulesResource));

    /// <summary>The embedded 《中国共产党章程》 with the English text of each article.</summary>
    public static RegulationDocument LoadPartyConstitution() => PartyConstitution.Value;

    /// <summary>
    /// The bundled translation of a stored document, found by the content hash of its text: the 党章 as stored
    /// (bundled or imported from the same file) gets its English text back when the knowledge base loads.
    /// </summary>
    public static RegulationDocument WithBundledTranslation(RegulationDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var bundled = PartyConstitution.Value;
        if (document.ContentHash != bundled.ContentHash || document.Articles.Count != bundled.Articles.Count)
        {
            return document;
        }

        var articles = new RegulationArticle[document.Articles.Count];
        for (var i = 0; i < articles.Length; i++)
        {
            articles[i] = document.Articles[i] with { Translation = bundled.Articles[i].Translation };
        }

        return document with { Articles = articles };
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(SampleRegulations).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from the build.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
