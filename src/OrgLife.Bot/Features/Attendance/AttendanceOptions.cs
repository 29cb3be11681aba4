using System.ComponentModel.DataAnnotations;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>How often a kind of meeting must be held (三会一课 standard frequency).</summary>
internal enum MeetingFrequency
{
    None = 0,
    Monthly = 1,
    Quarterly = 2,
}

/// <summary>Configuration section <c>Attendance</c>.</summary>
internal sealed class AttendanceOptions : IValidatableObject
{
    public const string SectionName = "Attendance";

    /// <summary>Check-in opens this long before the start (default 30 minutes) and closes at the end.</summary>
    public TimeSpan CheckInOpensBefore { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Shared meeting cards are replaced at most once per this interval per conversation (default 1 s).</summary>
    public TimeSpan CardUpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an export download link works (default 15 minutes); it works once.</summary>
    public TimeSpan ExportLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Public base URL of the bot for download links (e.g. https://bot.example.org); default: the URL of the request.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Standard frequency per meeting type; keys are <see cref="MeetingType"/> names.</summary>
    public Dictionary<MeetingType, MeetingFrequency> Frequency { get; set; } = new()
    {
        [MeetingType.BranchCommittee] = MeetingFrequency.Monthly,
        [MeetingType.PartyGroup] = MeetingFrequency.Monthly,
        [MeetingType.ThemedPartyDay] = MeetingFrequency.Monthly,
        [MeetingType.PartyCongress] = MeetingFrequency.Quarterly,
        [MeetingType.PartyLecture] = MeetingFrequency.Quarterly,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CheckInOpensBefore < TimeSpan.Zero || CheckInOpensBefore > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Attendance:CheckInOpensBefore must be between 00:00:00 and 1.00:00:00.", [nameof(CheckInOpensBefore)]);
        }

        if (CardUpdateInterval < TimeSpan.FromMilliseconds(100) || CardUpdateInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Attendance:CardUpdateInterval must be between 00:00:00.1 and 00:01:00.", [nameof(CardUpdateInterval)]);
        }

        if (ExportLinkLifetime <= TimeSpan.Zero || ExportLinkLifetime > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Attendance:ExportLinkLifetime must be positive and at most 1.00:00:00.", [nameof(ExportLinkLifetime)]);
        }

        if (PublicBaseUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Attendance:PublicBaseUrl must be an absolute URL.", [nameof(PublicBaseUrl)]);
        }
    }
}
