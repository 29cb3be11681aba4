using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Features.Regulations.Evaluation;

/// <summary>For <c>kb eval --translation</c>: attaches a translation file to the corpus document it is aligned with.</summary>
internal static class TranslationAttacher
{
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">No document of the corpus matches the translation.</exception>
    public static async Task<IReadOnlyList<RegulationDocument>> AttachAsync(IReadOnlyList<RegulationDocument> documents, string translationPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(translationPath))
        {
            throw new FileNotFoundException($"No translation file at '{translationPath}'.", translationPath);
        }

        var text = await File.ReadAllTextAsync(translationPath, cancellationToken);
        var target = RegulationTranslation.BestMatch(documents, text);
        if (target < 0)
        {
            throw new InvalidDataException($"{translationPath}: no document of the corpus has the articles this translation numbers.");
        }

        var result = documents.ToArray();
        result[target] = RegulationTranslation.Attach(result[target], text, translationPath);
        return result;
    }
}
