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

    /// <summary>Close meetings nobody closed, <see cref="AutoCloseAfter"/> after their end (default on).</summary>
    public bool AutoClose { get; set; } = true;

    /// <summary>How long after its end an open meeting is closed automatically (default 2 hours).</summary>
    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Those who have not answered get one 1:1 reminder this long before the response deadline, or at the
    /// announcement when that is later (default 1 day); zero turns the automatic reminder off.
    /// </summary>
    public TimeSpan AutoRemindBefore { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The automatic reminder never goes out sooner than this after the meeting was announced (default 4 hours):
    /// a deadline closer than that to the announcement gets no automatic reminder at all.
    /// </summary>
    public TimeSpan AutoRemindNotWithin { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often meetings due for an automatic close or reminder are looked for (default 1 minute).</summary>
    public TimeSpan AutoTickInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Standard frequency per meeting type; keys are <see cref="MeetingType"/> names.</summary>
    public Dictionary<MeetingType, MeetingFrequency> Frequency { get; set; } = new()
    {
        [MeetingType.BranchCommittee] = MeetingFrequency.Monthly,
        [MeetingType.PartyGroup] = MeetingFrequency.Monthly,
        [MeetingType.ThemedPartyDay] = MeetingFrequency.Monthly,
        [MeetingType.PartyCongress] = MeetingFrequency.Quarterly,
        [MeetingType.PartyLecture] = MeetingFrequency.Quarterly,
    };

    /// <summary>Largest attachment (photo, sign-in sheet scan, slides) accepted for a meeting (default 10 MB).</summary>
    public int MaxAttachmentBytes { get; set; } = 10_000_000;

    /// <summary>Most attachments one meeting keeps (default 30).</summary>
    public int MaxAttachmentsPerMeeting { get; set; } = 30;

    /// <summary>
    /// Hosts Teams files are fetched from without a token (exact names, or <c>*.</c> for any subdomain), https only.
    /// Default: Teams' file storage (SharePoint/OneDrive). Pasted images come from the activity's own Connector
    /// (<c>Connector:TrustedServiceHosts</c>), the only place the bot's token goes. Without <c>Bot:AppId</c> (local
    /// mode) only loopback addresses.
    /// </summary>
    public string[]? AttachmentHosts { get; set; }

    public static readonly IReadOnlyList<string> DefaultAttachmentHosts = ["*.sharepoint.com", "*.sharepoint.cn", "*.sharepoint.us", "*.sharepoint-mil.us"];

    /// <summary>After "附件 12" without a file, the next files the person sends within this time go to that meeting (default 10 minutes).</summary>
    public TimeSpan AttachmentPromptLifetime { get; set; } = TimeSpan.FromMinutes(10);

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

        if (AutoCloseAfter < TimeSpan.Zero || AutoCloseAfter > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult("Attendance:AutoCloseAfter must be between 00:00:00 and 30.00:00:00.", [nameof(AutoCloseAfter)]);
        }

        if (AutoRemindBefore < TimeSpan.Zero || AutoRemindBefore > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult("Attendance:AutoRemindBefore must be between 00:00:00 (off) and 30.00:00:00.", [nameof(AutoRemindBefore)]);
        }

        if (AutoRemindNotWithin < TimeSpan.Zero || AutoRemindNotWithin > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult("Attendance:AutoRemindNotWithin must be between 00:00:00 and 7.00:00:00.", [nameof(AutoRemindNotWithin)]);
        }

        if (AutoTickInterval < TimeSpan.FromSeconds(1) || AutoTickInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Attendance:AutoTickInterval must be between 00:00:01 and 01:00:00.", [nameof(AutoTickInterval)]);
        }

        if (MaxAttachmentBytes is < 1_000 or > 100_000_000)
        {
            yield return new ValidationResult("Attendance:MaxAttachmentBytes must be between 1000 and 100000000.", [nameof(MaxAttachmentBytes)]);
        }

        if (MaxAttachmentsPerMeeting is < 1 or > 200)
        {
            yield return new ValidationResult("Attendance:MaxAttachmentsPerMeeting must be between 1 and 200.", [nameof(MaxAttachmentsPerMeeting)]);
        }

        if (AttachmentPromptLifetime < TimeSpan.FromMinutes(1) || AttachmentPromptLifetime > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Attendance:AttachmentPromptLifetime must be between 00:01:00 and 1.00:00:00.", [nameof(AttachmentPromptLifetime)]);
        }

        if (AttachmentHosts?.Any(h => string.IsNullOrWhiteSpace(h) || h.Contains('/', StringComparison.Ordinal)) == true)
        {
            yield return new ValidationResult("Attendance:AttachmentHosts must list host names (e.g. *.sharepoint.com), not URLs.", [nameof(AttachmentHosts)]);
        }

        if (PublicBaseUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Attendance:PublicBaseUrl must be an absolute URL.", [nameof(PublicBaseUrl)]);
        }
    }
}
