using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// The bot's public base URL for links on cards: configured (<c>Attendance:PublicBaseUrl</c>), else the current
/// request's, else the last request's — cards re-rendered in the background (the shared-card refresher) have no
/// request of their own.
/// </summary>
internal sealed class PublicAddress(IHttpContextAccessor http, IOptions<AttendanceOptions> options)
{
    private volatile string? _lastSeen;

    public string? BaseUrl()
    {
        if (options.Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        if (http.HttpContext?.Request is { } request)
        {
            _lastSeen = $"{request.Scheme}://{request.Host}{request.PathBase}";
        }

        return _lastSeen;
    }
}

/// <summary>
/// A meeting as an iCalendar (.ics, RFC 5545) event behind an unguessable per-meeting link: the card's "add to
/// calendar" button. Re-downloading after a change gives a higher SEQUENCE (calendars then update their copy); a
/// cancelled meeting comes as STATUS:CANCELLED.
/// </summary>
internal sealed class MeetingCalendar(BotDbContext db, TimeProvider clock)
{
    public const string RoutePrefix = "/calendar/";

    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Url(string? baseUrl, Meeting meeting) =>
        baseUrl is null || meeting.CalendarToken is null ? null : baseUrl + RoutePrefix + meeting.CalendarToken + ".ics";

    /// <summary>The place when it is a web link (a Teams meeting), for the "join" button; null otherwise.</summary>
    public static string? JoinUrl(Meeting meeting) =>
        Uri.TryCreate(meeting.Place.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && !meeting.Place.Trim().Contains(' ', StringComparison.Ordinal)
            ? uri.AbsoluteUri
            : null;

    /// <summary>The event file of the meeting with this token; null when there is none.</summary>
    public async Task<(string FileName, byte[] Content)?> FileAsync(string token, CancellationToken cancellationToken)
    {
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.CalendarToken == token, cancellationToken);
        if (meeting is null)
        {
            return null;
        }

        var edits = await db.Set<AttendanceAuditEntry>().CountAsync(a => a.MeetingId == meeting.Id && (a.Action == "edit" || a.Action == "cancel"), cancellationToken);
        var calendar = new Calendar { Method = "PUBLISH" };
        var e = new CalendarEvent
        {
            Uid = $"orglife-meeting-{meeting.Id}-{meeting.CreatedAt.ToUnixTimeSeconds()}",
            Summary = meeting.Title,
            Location = meeting.Place.Length > 0 ? meeting.Place : null,
            DtStart = new CalDateTime(meeting.StartsAt.UtcDateTime),
            DtEnd = new CalDateTime(meeting.EndsAt.UtcDateTime),
            DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime),
            Sequence = edits,
            Status = meeting.CancelledAt is null ? EventStatus.Confirmed : EventStatus.Cancelled,
        };
        if (JoinUrl(meeting) is { } join)
        {
            e.Url = new Uri(join);
        }

        calendar.Events.Add(e);
        var text = new CalendarSerializer().SerializeToString(calendar) ?? "";
        return ($"meeting-{meeting.Id}.ics", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }
}
