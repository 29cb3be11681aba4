using System.ComponentModel.DataAnnotations;

namespace OrgLife.Bot.Platform;

/// <summary>Configuration section <c>OrgLife</c>: settings of the bot itself (the protocol's are under <c>Bot</c>).</summary>
internal sealed class BotOptions : IValidatableObject
{
    public const string SectionName = "OrgLife";

    /// <summary>IANA time zone used when a user's own is unknown.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public TimeZoneInfo DefaultTimeZone => TimeZones.TryFind(TimeZone, out var zone) ? zone : throw new TimeZoneNotFoundException(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZones.TryFind(TimeZone, out _))
        {
            yield return new ValidationResult($"OrgLife:TimeZone '{TimeZone}' is not a known time zone (use an IANA id such as Asia/Shanghai).", [nameof(TimeZone)]);
        }
    }
}
