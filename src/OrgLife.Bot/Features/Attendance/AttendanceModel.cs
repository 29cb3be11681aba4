using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>The Attendance feature's tables.</summary>
internal static class AttendanceModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
    }
}
