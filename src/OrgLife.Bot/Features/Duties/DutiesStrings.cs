namespace OrgLife.Bot.Features.Duties;

/// <summary>Marker for the Duties feature's resources (DutiesStrings.resx zh-CN, DutiesStrings.en.resx).</summary>
internal sealed class DutiesStrings;
