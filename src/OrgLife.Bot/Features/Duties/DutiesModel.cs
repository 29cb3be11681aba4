using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Features.Duties;

/// <summary>The Duties feature's tables.</summary>
internal static class DutiesModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
    }
}
