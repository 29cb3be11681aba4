namespace OrgLife.Bot.Features.Attendance;

/// <summary>Resource marker for the Attendance texts (AttendanceStrings.resx: zh-CN; AttendanceStrings.en.resx: English).</summary>
internal sealed class AttendanceStrings;
