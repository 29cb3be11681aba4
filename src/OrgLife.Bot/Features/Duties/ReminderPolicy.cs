namespace OrgLife.Bot.Features.Duties;

/// <summary>When a scope's owners are reminded: the configured defaults with the scope's overrides applied.</summary>
internal sealed record ReminderPolicy(
    IReadOnlyList<int> DaysBefore,
    TimeSpan RemindAt,
    int OverdueRepeats,
    int EscalateAfterDays,
    TimeSpan QuietFrom,
    TimeSpan QuietUntil,
    bool SkipWeekends)
{
    public ReminderPolicy With(DutyPolicyOverride? scope) => scope is null ? this : new(
        scope.DaysBefore is { } days ? ParseDays(days) ?? DaysBefore : DaysBefore,
        scope.RemindAt ?? RemindAt,
        scope.OverdueRepeats ?? OverdueRepeats,
        scope.EscalateAfterDays ?? EscalateAfterDays,
        scope.QuietFrom ?? QuietFrom,
        scope.QuietUntil ?? QuietUntil,
        scope.SkipWeekends ?? SkipWeekends);

    /// <summary>"3,1" → [3, 1]; null when any part is not a day count between 1 and 60.</summary>
    public static IReadOnlyList<int>? ParseDays(string text)
    {
        var parts = text.Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries);
        var days = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, out var day) || day is < 1 or > 60)
            {
                return null;
            }

            days.Add(day);
        }

        return [.. days.Distinct().OrderDescending()];
    }

    /// <summary>True when a local time falls in quiet hours (the range may wrap midnight).</summary>
    public bool IsQuiet(TimeSpan timeOfDay) => QuietFrom == QuietUntil ? false
        : QuietFrom < QuietUntil ? timeOfDay >= QuietFrom && timeOfDay < QuietUntil
        : timeOfDay >= QuietFrom || timeOfDay < QuietUntil;

    public bool IsRestDay(DateOnly date) => SkipWeekends && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>True when a message may reach someone at this local moment.</summary>
    public bool MaySendAt(DateTime local) => !IsQuiet(local.TimeOfDay) && !IsRestDay(DateOnly.FromDateTime(local));

    /// <summary>The first moment at or after <paramref name="local"/> when sending is allowed.</summary>
    public DateTime NextAllowed(DateTime local)
    {
        var candidate = local;
        for (var i = 0; i < 14 && !MaySendAt(candidate); i++)
        {
            var date = DateOnly.FromDateTime(candidate);
            if (IsRestDay(date))
            {
                candidate = date.AddDays(1).ToDateTime(TimeOnly.FromTimeSpan(QuietUntil));
                continue;
            }

            // Quiet: jump to the end of quiet hours, today or tomorrow.
            var end = date.ToDateTime(TimeOnly.FromTimeSpan(QuietUntil));
            candidate = end > candidate ? end : end.AddDays(1);
        }

        return candidate;
    }
}
