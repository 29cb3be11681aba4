namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// Holds the index currently in use. Readers take <see cref="Current"/> once per question; an import builds a
/// new index off to the side and swaps it in, so a search never sees a half-built index and never waits.
/// </summary>
internal sealed class RegulationLibrary
{
    private RegulationIndex _current = RegulationIndex.Empty;

    public RegulationIndex Current => Volatile.Read(ref _current);

    public void Replace(RegulationIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        Volatile.Write(ref _current, index);
    }
}
