using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using OrgLife.Protocol.Authentication;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>Why a file could not be taken.</summary>
internal enum AttachmentProblem
{
    None,
    UntrustedSource,
    DownloadFailed,
    TooLarge,
    Empty,
    UnsupportedType,
}

/// <summary>A file fetched from Teams: its bytes, or why not.</summary>
internal sealed record FetchedFile(string SentName, byte[]? Content, AttachmentProblem Problem);

/// <summary>
/// Fetches a file sent to the bot. A Teams file (<c>file.download.info</c>) comes from its short-lived pre-authorised
/// <c>downloadUrl</c> with a plain GET, only from https hosts of <see cref="AttendanceOptions.AttachmentHosts"/>
/// (loopback in local mode). A pasted image comes from its <c>contentUrl</c>, which on the Bot Connector needs the
/// bot's token: the token goes only to the activity's own serviceUrl origin (the inbound token vouched for it) and
/// only when that is a trusted Connector host (<c>Connector:TrustedServiceHosts</c>) — never to a file store, another
/// host or a redirect target. Redirects are followed only to allowed file hosts, without the token.
/// </summary>
internal sealed partial class AttachmentDownloader(
    IHttpClientFactory httpClients, ConnectorTokenProvider tokens, TrustedServiceUrls connectorHosts, IOptions<AttendanceOptions> options, ILogger<AttachmentDownloader> logger)
{
    public const string HttpClientName = "attendance-attachments";
    private const int MaxRedirects = 3;

    public async Task<FetchedFile> FetchAsync(Attachment attachment, string? serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var isTeamsFile = attachment.ContentType == Attachment.FileDownloadInfoContentType;
        var name = SentName(attachment);
        var address = isTeamsFile ? attachment.Content?["downloadUrl"]?.GetValue<string>() : attachment.ContentUrl;
        if (address is null || !Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return new FetchedFile(name, null, AttachmentProblem.UntrustedSource);
        }

        // The Connector origin the token may go to: the activity's own, when it is a trusted Connector host.
        Uri? tokenHost = !isTeamsFile && Uri.TryCreate(serviceUrl, UriKind.Absolute, out var service) && connectorHosts.IsTrusted(service) ? service : null;
        if (!(tokenHost is not null && SameOrigin(uri, tokenHost)) && !IsFileHost(uri))
        {
            LogUntrusted(logger, isTeamsFile ? "downloadUrl" : "contentUrl");
            return new FetchedFile(name, null, AttachmentProblem.UntrustedSource);
        }
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (tokenHost is not null && SameOrigin(uri, tokenHost) && await tokens.GetTokenAsync(cancellationToken) is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (IsRedirect(response.StatusCode) && hop < MaxRedirects && response.Headers.Location is { } location)
                {
                    uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    tokenHost = null;
                    if (!IsFileHost(uri))
                    {
                        LogUntrusted(logger, "redirect");
                        return new FetchedFile(name, null, AttachmentProblem.UntrustedSource);
                    }

                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    LogFailed(logger, (int)response.StatusCode);
                    return new FetchedFile(name, null, AttachmentProblem.DownloadFailed);
                }

                return await ReadAsync(name, response, cancellationToken);
            }
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(logger, 0);
            return new FetchedFile(name, null, AttachmentProblem.DownloadFailed);
        }
    }

    /// <summary>The name the sender gave, with the extension Teams sends apart (<c>content.fileType</c>) when the name lacks one.</summary>
    public static string SentName(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var name = Path.GetFileName(attachment.Name ?? "").Trim();
        var type = attachment.ContentType == Attachment.FileDownloadInfoContentType && attachment.Content?["fileType"] is { } t && t.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? t.GetValue<string>().Trim().TrimStart('.')
            : null;
        return name.Length == 0 || Path.HasExtension(name) || string.IsNullOrEmpty(type) ? name : $"{name}.{type}";
    }

    private async Task<FetchedFile> ReadAsync(string name, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxAttachmentBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            return new FetchedFile(name, null, AttachmentProblem.TooLarge);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return new FetchedFile(name, null, AttachmentProblem.TooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? new FetchedFile(name, null, AttachmentProblem.Empty) : new FetchedFile(name, buffer.ToArray(), AttachmentProblem.None);
    }

    /// <summary>Where files may come from without a token. Local mode: loopback only. Otherwise https to a configured host.</summary>
    private bool IsFileHost(Uri uri)
    {
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        if (!tokens.IsEnabled)
        {
            return uri.Scheme is "http" or "https" && TrustedServiceUrls.IsLoopback(uri);
        }

        var host = uri.IdnHost;
        return uri.Scheme == Uri.UriSchemeHttps && (options.Value.AttachmentHosts ?? AttendanceOptions.DefaultAttachmentHosts).Any(pattern => HostMatches(host, pattern.Trim()));
    }

    private static bool HostMatches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    [LoggerMessage(EventId = 2080, Level = LogLevel.Warning, Message = "An attachment's {Field} was refused: not an allowed host")]
    private static partial void LogUntrusted(ILogger logger, string field);

    [LoggerMessage(EventId = 2081, Level = LogLevel.Warning, Message = "An attachment could not be downloaded (status {Status})")]
    private static partial void LogFailed(ILogger logger, int status);
}
