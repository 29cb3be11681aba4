using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Features.Regulations;

/// <summary>The Regulations feature's tables.</summary>
internal static class RegulationsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
    }
}
