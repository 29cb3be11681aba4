using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>A ledger file waiting to be downloaded once, kept in the store.</summary>
internal sealed class ExportFile
{
    public long Id { get; set; }
    public required string Token { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Export files behind unguessable one-time tokens (256 random bits). They live in the store, not in memory,
/// so a link works whichever instance behind the load balancer answers it and survives a restart; the
/// download deletes the row, and a second fetch or one after expiry finds nothing.
/// </summary>
internal sealed class ExportDownloads(BotDbContext db, TimeProvider clock, IOptions<AttendanceOptions> options)
{
    public const string RoutePrefix = "/exports/";

    /// <summary>Stores a file (and drops expired ones); returns its token.</summary>
    public async Task<string> AddAsync(string fileName, string contentType, byte[] content, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Set<ExportFile>().Where(f => f.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var token = Base64UrlToken();
        var file = new ExportFile
        {
            Token = token, FileName = fileName, ContentType = contentType, Content = content,
            ExpiresAt = now + options.Value.ExportLinkLifetime,
        };
        db.Set<ExportFile>().Add(file);
        await db.SaveChangesAsync(cancellationToken);
        // The turn's context may hold other entities; only this one is let go (its bytes need not stay tracked).
        db.Entry(file).State = EntityState.Detached;
        return token;
    }

    /// <summary>Takes the file for a token: only the fetch that deletes the row gets it, and only before expiry.</summary>
    public async Task<ExportFile?> TakeAsync(string token, CancellationToken cancellationToken)
    {
        var file = await db.Set<ExportFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Token == token, cancellationToken);
        if (file is null || await db.Set<ExportFile>().Where(f => f.Id == file.Id).ExecuteDeleteAsync(cancellationToken) != 1)
        {
            return null;
        }

        return file.ExpiresAt >= clock.GetUtcNow() ? file : null;
    }

    private static string Base64UrlToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
