using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Platform.Downloads;

/// <summary>A file waiting to be downloaded once, kept in the store.</summary>
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
/// Files (exports) behind unguessable one-time links (256 random bits), for every feature: Teams shows no file
/// embedded in a bot message, a link it does. The files live in the store, not in memory, so a link works
/// whichever instance behind the load balancer answers it and survives a restart; the download deletes the
/// row, and a second fetch or one after expiry finds nothing.
/// </summary>
internal sealed class DownloadLinks(BotDbContext db, TimeProvider clock, IHttpContextAccessor http, IOptions<BotOptions> options)
{
    public const string RoutePrefix = "/exports/";

    /// <summary>Stores a file (and drops expired ones); returns its absolute one-time link.</summary>
    /// <param name="publicBaseUrl">The bot's public URL when the feature configures its own; else <see cref="BotOptions.PublicBaseUrl"/>, else the request's.</param>
    public async Task<string> AddAsync(string fileName, string contentType, byte[] content, TimeSpan lifetime, CancellationToken cancellationToken, string? publicBaseUrl = null)
    {
        var now = clock.GetUtcNow();
        await db.Set<ExportFile>().Where(f => f.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var token = Base64UrlToken();
        var file = new ExportFile { Token = token, FileName = fileName, ContentType = contentType, Content = content, ExpiresAt = now + lifetime };
        db.Set<ExportFile>().Add(file);
        await db.SaveChangesAsync(cancellationToken);
        // The turn's context may hold other entities; only this one is let go (its bytes need not stay tracked).
        db.Entry(file).State = EntityState.Detached;
        return BaseUrl(publicBaseUrl) + RoutePrefix + token;
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

    private string BaseUrl(string? configured)
    {
        if ((configured is { Length: > 0 } ? configured : options.Value.PublicBaseUrl) is { Length: > 0 } url)
        {
            return url.TrimEnd('/');
        }

        var request = http.HttpContext?.Request;
        return request is null ? "" : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    private static string Base64UrlToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal static class DownloadsRegistration
{
    /// <summary>The one-time download links and the table behind them.</summary>
    public static IServiceCollection AddDownloads(this IServiceCollection services) => services
        .AddHttpContextAccessor()
        .AddScoped<DownloadLinks>()
        .AddStoreModel(Configure);

    public static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<ExportFile>(e =>
    {
        // The table's name predates its use by every feature (meeting exports came first).
        e.ToTable("attendance_exports");
        e.HasIndex(f => f.Token).IsUnique();
        e.HasIndex(f => f.ExpiresAt);
        e.Property(f => f.Token).HasMaxLength(64);
        e.Property(f => f.FileName).HasMaxLength(300);
        e.Property(f => f.ContentType).HasMaxLength(100);
    });

    /// <summary><c>GET /exports/{token}</c>: the file, once, before its link expires; 404 otherwise.</summary>
    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DownloadLinks.RoutePrefix + "{token}", async (string token, DownloadLinks downloads, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return await downloads.TakeAsync(token, http.RequestAborted) is { } file
                ? Results.File(file.Content, file.ContentType, file.FileName)
                : Results.NotFound();
        });
        return endpoints;
    }
}
