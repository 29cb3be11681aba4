namespace OrgLife.Bot.Features.Regulations;

/// <summary>Marker for the Regulations feature's resources (RegulationsStrings.resx, zh-CN; .en.resx, English).</summary>
internal sealed class RegulationsStrings;
