using System.Reflection;
using Microsoft.Extensions.Logging;

namespace OrgLife.Bot.Tests.Platform;

/// <summary>
/// Every [LoggerMessage] event id is unique across the protocol and the bot, and lies in the range of the
/// project or feature that logs it, so an id in a log names its source. A new feature adds its range here.
/// </summary>
public sealed class LogEventIdTests
{
    /// <summary>Namespace prefix → the ids it may use (longest prefix wins).</summary>
    private static readonly (string Namespace, int First, int Last)[] Ranges =
    [
        ("OrgLife.Protocol", 1, 499),
        ("OrgLife.Bot.Platform", 500, 999),
        ("OrgLife.Bot.Features.Regulations", 1000, 1999),
        ("OrgLife.Bot.Features.Attendance", 2000, 2999),
        ("OrgLife.Bot.Features.Duties", 3000, 3999),
        ("OrgLife.Bot.Features.Welcome", 4000, 4099),
    ];

    [Fact]
    public void EventIds_AreUniqueAcrossProjects()
    {
        var duplicates = LogMethods().GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name))}").ToList();

        Assert.True(duplicates.Count == 0, "Duplicate log event ids:\n" + string.Join('\n', duplicates));
    }

    [Fact]
    public void EventIds_LieInTheirProjectOrFeatureRange()
    {
        var misplaced = new List<string>();
        foreach (var method in LogMethods())
        {
            var range = Ranges.Where(r => method.Namespace.StartsWith(r.Namespace, StringComparison.Ordinal))
                .OrderByDescending(r => r.Namespace.Length).Select(r => ((string, int, int)?)r).FirstOrDefault();
            if (range is not var (_, first, last) || method.EventId < first || method.EventId > last)
            {
                misplaced.Add($"{method.Name} ({method.EventId}) in {method.Namespace}: {(range is null ? "no range for this namespace" : $"outside {range.Value.Item2}–{range.Value.Item3}")}");
            }
        }

        Assert.True(misplaced.Count == 0, "Log event ids outside their range:\n" + string.Join('\n', misplaced));
    }

    [Fact]
    public void LogMethods_AreFound()
    {
        // Guards the two tests above against scanning nothing.
        Assert.Contains(LogMethods(), m => m.Namespace.StartsWith("OrgLife.Protocol", StringComparison.Ordinal));
        Assert.Contains(LogMethods(), m => m.Namespace.StartsWith("OrgLife.Bot.Features.Duties", StringComparison.Ordinal));
    }

    private static List<(string Name, string Namespace, int EventId)> LogMethods() =>
        [.. new[] { typeof(Program).Assembly, typeof(OrgLife.Protocol.Hosting.TurnContext).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(m => (Type: t, Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(x => x.Attribute is not null)
            .Select(x => ($"{x.Type.Name}.{x.Method.Name}", x.Type.Namespace ?? "", x.Attribute!.EventId))];
}
