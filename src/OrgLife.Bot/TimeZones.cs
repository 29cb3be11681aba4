using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace OrgLife.Bot;

/// <summary>
/// Time zones by IANA id, remembered: <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> takes a process-wide
/// lock on every call, and every turn looks up its user's zone.
/// </summary>
internal static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Known = new(StringComparer.Ordinal);

    public static bool TryFind([NotNullWhen(true)] string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = id is null ? null : Known.GetOrAdd(id, static key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var found) ? found : null);
        return zone is not null;
    }

    /// <summary>The zone named <paramref name="id"/>, or <paramref name="fallback"/> when unknown or null.</summary>
    public static TimeZoneInfo FindOr(string? id, TimeZoneInfo fallback) => TryFind(id, out var zone) ? zone : fallback;
}
