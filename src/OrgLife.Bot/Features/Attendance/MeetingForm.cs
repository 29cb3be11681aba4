using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>A valid new meeting, times in UTC.</summary>
internal sealed record MeetingDraft(
    MeetingType Type, string Title, string Place, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset RespondBy,
    bool Everyone, IReadOnlyList<string> ChosenTeamsIds, bool IsVoting = false);

/// <summary>
/// The raw values of the "new meeting" form, exactly as typed, so an invalid form is shown again with the
/// same values and the problems listed. Date and time inputs are in the secretary's time zone.
/// </summary>
internal sealed record MeetingForm(
    string Type, string Title, string Place,
    string StartDate, string StartTime, string EndDate, string EndTime, string DeadlineDate, string DeadlineTime,
    string Audience, string People)
{
    public const int MaxTitle = 200;
    public const int MaxPlace = 500;

    /// <summary>"true" when the meeting votes (a 党员大会 admitting a member, an election): its quorum is then checked.</summary>
    public string Voting { get; init; } = "false";

    public static MeetingForm Empty(DateTimeOffset localNow) => new(
        nameof(MeetingType.BranchCommittee), "", "",
        localNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "", localNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "", "", "",
        "all", "");

    /// <summary>The form filled with what a meeting announced, for changing it.</summary>
    public static MeetingForm Of(Meeting meeting, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var start = TimeZoneInfo.ConvertTime(meeting.StartsAt, zone);
        var end = TimeZoneInfo.ConvertTime(meeting.EndsAt, zone);
        var deadline = TimeZoneInfo.ConvertTime(meeting.RespondBy, zone);
        return new(
            meeting.Type.ToString(), meeting.Title, meeting.Place,
            Day(start), Time(start), Day(end), Time(end), Day(deadline), Time(deadline), "all", "") { Voting = meeting.IsVoting ? "true" : "false" };
    }

    public static MeetingForm From(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(
            Read(data, "type"), Read(data, "title"), Read(data, "place"),
            Read(data, "startDate"), Read(data, "startTime"), Read(data, "endDate"), Read(data, "endTime"),
            Read(data, "deadlineDate"), Read(data, "deadlineTime"),
            Read(data, "audience") is { Length: > 0 } audience ? audience : "all", Read(data, "people"))
        {
            Voting = Read(data, "voting") is "true" ? "true" : "false",
        };
    }

    /// <summary>
    /// Checks the form; either a draft or the resource keys of every problem found. When it changes
    /// <paramref name="current"/>, a start or deadline left as it was may be in the past (a title fixed after the start).
    /// </summary>
    public (MeetingDraft? Draft, IReadOnlyList<string> Errors) Validate(TimeZoneInfo zone, DateTimeOffset now, Meeting? current = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var errors = new List<string>();
        if (!Enum.TryParse<MeetingType>(Type, ignoreCase: true, out var type) || !Enum.IsDefined(type))
        {
            errors.Add("ErrorType");
        }

        var title = Title.Trim();
        if (title.Length == 0)
        {
            errors.Add("ErrorTitleRequired");
        }
        else if (title.Length > MaxTitle)
        {
            errors.Add("ErrorTitleTooLong");
        }

        var place = Place.Trim();
        if (place.Length > MaxPlace)
        {
            errors.Add("ErrorPlaceTooLong");
        }

        var start = ToInstant(StartDate, StartTime, zone);
        var end = ToInstant(EndDate.Length > 0 ? EndDate : StartDate, EndTime, zone);
        if (start is null)
        {
            errors.Add("ErrorStartInvalid");
        }
        else if (start < now && start != current?.StartsAt)
        {
            errors.Add("ErrorStartInPast");
        }

        if (end is null)
        {
            errors.Add("ErrorEndInvalid");
        }
        else if (start is not null && end <= start)
        {
            errors.Add("ErrorEndBeforeStart");
        }

        DateTimeOffset? deadline = start;
        if (DeadlineDate.Length > 0 || DeadlineTime.Length > 0)
        {
            deadline = ToInstant(DeadlineDate.Length > 0 ? DeadlineDate : StartDate, DeadlineTime, zone);
            if (deadline is null)
            {
                errors.Add("ErrorDeadlineInvalid");
            }
            else if (start is not null && deadline > start)
            {
                errors.Add("ErrorDeadlineAfterStart");
            }
            else if (deadline < now && deadline != current?.RespondBy)
            {
                errors.Add("ErrorDeadlinePassed");
            }
        }

        var everyone = current is not null || !string.Equals(Audience, "chosen", StringComparison.OrdinalIgnoreCase);
        var chosen = People.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (!everyone && chosen.Count == 0)
        {
            errors.Add("ErrorNoAttendees");
        }

        var voting = Voting == "true";
        if (voting && type != MeetingType.PartyCongress)
        {
            errors.Add("ErrorVotingOnlyCongress");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new MeetingDraft(type, title, place, start!.Value, end!.Value, deadline!.Value, everyone, chosen, voting), []);
    }

    /// <summary>A local date and time (yyyy-MM-dd, HH:mm) in <paramref name="zone"/> as an instant; null when either is missing or malformed.</summary>
    public static DateTimeOffset? ToInstant(string date, string time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !TimeOnly.TryParseExact(time.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            return null;
        }

        var local = day.ToDateTime(clock, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Day(DateTimeOffset local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Read(JsonObject data, string key) =>
        data[key] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToString().Trim() : "";
}
