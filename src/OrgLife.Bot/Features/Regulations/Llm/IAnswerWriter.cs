using System.Globalization;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>A short answer written from retrieved articles; <see cref="CitedSources"/> are indexes into the sources given.</summary>
internal sealed record WrittenAnswer(string Text, IReadOnlyList<int> CitedSources);

/// <summary>
/// Writes a short answer from the retrieved articles only (a language model behind it). Null means "use the
/// extractive card": not configured, nothing retrieved cited, the model declined, failed or was too slow.
/// </summary>
internal interface IAnswerWriter
{
    bool IsEnabled { get; }

    Task<WrittenAnswer?> WriteAsync(string question, IReadOnlyList<RegulationHit> sources, CultureInfo culture, CancellationToken cancellationToken);
}

/// <summary>No model configured: every answer is extractive.</summary>
internal sealed class ExtractiveOnly : IAnswerWriter
{
    public bool IsEnabled => false;

    public Task<WrittenAnswer?> WriteAsync(string question, IReadOnlyList<RegulationHit> sources, CultureInfo culture, CancellationToken cancellationToken) =>
        Task.FromResult<WrittenAnswer?>(null);
}
