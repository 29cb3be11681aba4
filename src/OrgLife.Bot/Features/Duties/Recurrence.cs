namespace OrgLife.Bot.Features.Duties;

/// <summary>The next deadline of a recurring duty, in the zone the deadline was entered in.</summary>
internal static class Recurrence
{
    /// <summary>
    /// The deadline after <paramref name="dueLocal"/>. Monthly, quarterly and yearly series keep their day of month
    /// (<paramref name="day"/>), falling back to the month's last day (a "31st" duty is due on 30 April).
    /// </summary>
    public static DateTime Next(DateTime dueLocal, RecurrenceKind kind, int day) => kind switch
    {
        RecurrenceKind.Weekly => dueLocal.AddDays(7),
        RecurrenceKind.Monthly => OnDay(dueLocal, 1, day),
        RecurrenceKind.Quarterly => OnDay(dueLocal, 3, day),
        RecurrenceKind.Yearly => OnDay(dueLocal, 12, day),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A one-off duty has no next deadline."),
    };

    public static DateTimeOffset NextUtc(Duty duty, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(duty.DueAt, zone).DateTime;
        var next = Next(local, duty.Recurrence, duty.RecurrenceDay);
        return LocalTime.ToUtc(next, zone);
    }

    private static DateTime OnDay(DateTime from, int months, int day)
    {
        var month = new DateTime(from.Year, from.Month, 1, from.Hour, from.Minute, 0, DateTimeKind.Unspecified).AddMonths(months);
        var clamped = Math.Min(Math.Max(day, 1), DateTime.DaysInMonth(month.Year, month.Month));
        return month.AddDays(clamped - 1);
    }
}

/// <summary>Wall-clock times in a zone ↔ instants.</summary>
internal static class LocalTime
{
    /// <summary>The instant of a local wall-clock time; a time skipped by a DST jump moves forward an hour.</summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
}
