using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>A file waiting to be downloaded once.</summary>
internal sealed record ExportFile(string FileName, string ContentType, byte[] Content, DateTimeOffset ExpiresAt);

/// <summary>
/// Export files behind unguessable one-time tokens (256 random bits), kept in memory until fetched or expired.
/// In memory on purpose: a link is short-lived, and a restart only means asking for the export again.
/// </summary>
internal sealed class ExportDownloads(TimeProvider clock, IOptions<AttendanceOptions> options)
{
    public const string RoutePrefix = "/exports/";
    private readonly ConcurrentDictionary<string, ExportFile> _files = new(StringComparer.Ordinal);

    /// <summary>Stores a file; returns its token.</summary>
    public string Add(string fileName, string contentType, byte[] content)
    {
        Sweep();
        var token = Base64UrlToken();
        _files[token] = new ExportFile(fileName, contentType, content, clock.GetUtcNow() + options.Value.ExportLinkLifetime);
        return token;
    }

    /// <summary>Takes the file for a token: a second fetch, or one after expiry, finds nothing.</summary>
    public ExportFile? Take(string token)
    {
        if (!_files.TryRemove(token, out var file))
        {
            return null;
        }

        return file.ExpiresAt >= clock.GetUtcNow() ? file : null;
    }

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (token, file) in _files)
        {
            if (file.ExpiresAt < now)
            {
                _files.TryRemove(token, out _);
            }
        }
    }

    private static string Base64UrlToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
