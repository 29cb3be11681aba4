using System.ComponentModel.DataAnnotations;

namespace OrgLife.Bot.Features.Duties;

/// <summary>Configuration section <c>Duties</c>: reminder defaults (overridable per scope), scheduling and send limits.</summary>
internal sealed class DutiesOptions : IValidatableObject
{
    public const string SectionName = "Duties";

    /// <summary>Days before the deadline on which the owner is reminded.</summary>
    public IList<int> DaysBefore { get; } = [3, 1];

    /// <summary>Local time of day reminders go out (owner's zone).</summary>
    public TimeSpan RemindAt { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Reminders on workdays after the deadline, at most.</summary>
    [Range(0, 30, ErrorMessage = "Duties:OverdueRepeats must be between 0 and 30.")]
    public int OverdueRepeats { get; set; } = 5;

    /// <summary>Days overdue after which the leader is told.</summary>
    [Range(0, 60, ErrorMessage = "Duties:EscalateAfterDays must be between 0 and 60.")]
    public int EscalateAfterDays { get; set; } = 2;

    public TimeSpan QuietFrom { get; set; } = TimeSpan.FromHours(22);
    public TimeSpan QuietUntil { get; set; } = TimeSpan.FromHours(8);
    public bool SkipWeekends { get; set; } = true;

    /// <summary>The weekly digest for leaders: day and local time.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;
    public TimeSpan DigestAt { get; set; } = TimeSpan.FromHours(9);

    /// <summary>A duty due within this time shows yellow.</summary>
    public TimeSpan DueSoon { get; set; } = TimeSpan.FromDays(3);

    /// <summary>After downtime, planned sends later than this are summarised instead of sent one by one.</summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>False on instances that should only answer turns (another instance sends reminders).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due sends.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claimed send belongs to one instance before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 5000, ErrorMessage = "Duties:BatchSize must be between 1 and 5000.")]
    public int BatchSize { get; set; } = 500;

    /// <summary>Largest import accepted (bytes).</summary>
    [Range(1024, 20_000_000, ErrorMessage = "Duties:MaxImportBytes must be between 1 KB and 20 MB.")]
    public int MaxImportBytes { get; set; } = 2_000_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DaysBefore.Any(d => d is < 1 or > 60))
        {
            yield return new ValidationResult("Duties:DaysBefore entries must be between 1 and 60.", [nameof(DaysBefore)]);
        }

        foreach (var (name, value) in new[] { (nameof(RemindAt), RemindAt), (nameof(QuietFrom), QuietFrom), (nameof(QuietUntil), QuietUntil), (nameof(DigestAt), DigestAt) })
        {
            if (value < TimeSpan.Zero || value >= TimeSpan.FromDays(1))
            {
                yield return new ValidationResult($"Duties:{name} must be a time of day (00:00–23:59).", [name]);
            }
        }

        foreach (var (name, value) in new[] { (nameof(TickInterval), TickInterval), (nameof(Lease), Lease), (nameof(CatchUpWindow), CatchUpWindow), (nameof(DueSoon), DueSoon) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Duties:{name} must be positive.", [name]);
            }
        }

        if (Lease <= TickInterval)
        {
            yield return new ValidationResult("Duties:Lease must be longer than Duties:TickInterval.", [nameof(Lease)]);
        }
    }

    public ReminderPolicy DefaultPolicy => new([.. DaysBefore.Distinct().OrderDescending()], RemindAt, OverdueRepeats, EscalateAfterDays, QuietFrom, QuietUntil, SkipWeekends);
}
