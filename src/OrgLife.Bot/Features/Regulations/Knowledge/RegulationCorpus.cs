namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>Documents read from disk, and the files that were skipped with the reason.</summary>
internal sealed record RegulationCorpus(IReadOnlyList<RegulationDocument> Documents, IReadOnlyList<RegulationFormatException> Skipped)
{
    private static readonly string[] Extensions = [".md", ".markdown", ".txt", ".docx", ".pdf"];

    /// <summary>
    /// Reads one file or every supported file under a folder (recursively). Files that are not regulations
    /// (a README, a case report without articles) are skipped and reported, not fatal: a corpus folder is
    /// assembled by people. <see cref="RegulationDocument.SourceName"/> is the full path.
    /// </summary>
    public static async Task<RegulationCorpus> LoadAsync(string fileOrFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileOrFolder);
        string[] files;
        if (File.Exists(fileOrFolder))
        {
            files = [Path.GetFullPath(fileOrFolder)];
        }
        else if (Directory.Exists(fileOrFolder))
        {
            files = Directory.EnumerateFiles(fileOrFolder, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Select(Path.GetFullPath)
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        else
        {
            throw new FileNotFoundException($"No regulation file or folder at '{fileOrFolder}'.", fileOrFolder);
        }

        var documents = new List<RegulationDocument>(files.Length);
        var skipped = new List<RegulationFormatException>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
            try
            {
                documents.Add(RegulationParser.Parse(file, bytes));
            }
            catch (RegulationFormatException exception)
            {
                skipped.Add(exception);
            }
        }

        return new RegulationCorpus(documents, skipped);
    }
}
