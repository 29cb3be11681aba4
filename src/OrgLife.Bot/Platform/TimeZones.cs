using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace OrgLife.Bot.Platform;

/// <summary>
/// Time zones by IANA id, remembered: <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> takes a process-wide
/// lock on every call, and every turn looks up its user's zone.
/// </summary>
internal static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Known = new(StringComparer.Ordinal);

    public static bool TryFind([NotNullWhen(true)] string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        if (id is null)
        {
            zone = null;
            return false;
        }

        if (Known.TryGetValue(id, out zone))
        {
            return true;
        }

        // Only real zones are remembered (a bounded set): ids come from clients, and unknown ones must not grow it.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone))
        {
            return false;
        }

        Known.TryAdd(id, zone);
        return true;
    }

    /// <summary>The zone named <paramref name="id"/>, or <paramref name="fallback"/> when unknown or null.</summary>
    public static TimeZoneInfo FindOr(string? id, TimeZoneInfo fallback) => TryFind(id, out var zone) ? zone : fallback;
}
