namespace OrgLife.Bot.Features.Regulations.Knowledge;

/// <summary>Why an uploaded or bundled file could not be turned into a regulation.</summary>
internal enum RegulationFormatProblem
{
    /// <summary>The file has no bytes or only whitespace.</summary>
    EmptyFile,

    /// <summary>The file is named .docx but is not a readable Word package.</summary>
    NotAWordDocument,

    /// <summary>The text contains no 第X条 article and no 总纲/序言.</summary>
    NoArticles,

    /// <summary>The extension is not one we parse (.md, .markdown, .txt, .docx, .pdf).</summary>
    UnsupportedFileType,

    /// <summary>The file is named .pdf but is not a readable PDF.</summary>
    NotAPdf,

    /// <summary>The PDF needs a password to open.</summary>
    ProtectedPdf,

    /// <summary>The PDF holds pictures of pages (a scan) and no text to read.</summary>
    ScannedPdf,
}

/// <summary>A file that cannot be parsed as a regulation; <see cref="Problem"/> lets the caller pick the message for the user.</summary>
internal sealed class RegulationFormatException : Exception
{
    public RegulationFormatException(RegulationFormatProblem problem, string sourceName, string message, Exception? innerException = null)
        : base($"{sourceName}: {message}", innerException)
    {
        Problem = problem;
        SourceName = sourceName;
    }

    public RegulationFormatException()
    {
        SourceName = string.Empty;
    }

    public RegulationFormatException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    public RegulationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    public RegulationFormatProblem Problem { get; }

    public string SourceName { get; }
}
