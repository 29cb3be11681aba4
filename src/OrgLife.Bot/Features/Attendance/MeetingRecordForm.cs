using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>The record form's values as typed (kept when the form comes back with problems).</summary>
internal sealed record MeetingRecordForm(string Topics, string Host, string Recorder, string Minutes, string Decisions)
{
    // The form shows what was entered, and a Teams card must stay under 28 KB, where a Chinese character takes six
    // bytes (JSON escapes it): these limits keep a full form near 24 KB. The Word record carries the same text.
    public const int MaxTopics = 400;
    public const int MaxMinutes = 2500;
    public const int MaxDecisions = 600;

    public static MeetingRecordForm Of(MeetingRecord? record) => record is null
        ? new("", "", "", "", "")
        : new(record.Topics, Id(record.HostUserId), Id(record.RecorderUserId), record.Minutes, record.Decisions);

    public static MeetingRecordForm From(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(Read(data, "topics"), Read(data, "host"), Read(data, "recorder"), Read(data, "minutes"), Read(data, "decisions"));
    }

    /// <summary>A record for <paramref name="meetingId"/> or the resource keys of the problems; host and recorder must be on the meeting's list.</summary>
    public (MeetingRecord? Record, IReadOnlyList<string> Errors) Validate(long meetingId, IReadOnlySet<long> attendees)
    {
        ArgumentNullException.ThrowIfNull(attendees);
        var errors = new List<string>();
        // One topic per line; blank lines and stray spaces do not make topics.
        var topics = string.Join('\n', Topics.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (topics.Length == 0)
        {
            errors.Add("RecordErrorTopics");
        }
        else if (topics.Length > MaxTopics)
        {
            errors.Add("RecordErrorTopicsTooLong");
        }

        var host = Person(Host, attendees, errors, "RecordErrorHost");
        var recorder = Person(Recorder, attendees, errors, "RecordErrorRecorder");
        if (Minutes.Trim().Length > MaxMinutes)
        {
            errors.Add("RecordErrorMinutesTooLong");
        }

        if (Decisions.Trim().Length > MaxDecisions)
        {
            errors.Add("RecordErrorDecisionsTooLong");
        }

        return errors.Count > 0
            ? (null, errors)
            : (new MeetingRecord { MeetingId = meetingId, Topics = topics, HostUserId = host, RecorderUserId = recorder, Minutes = Minutes.Trim(), Decisions = Decisions.Trim() }, []);
    }

    private static long? Person(string value, IReadOnlySet<long> attendees, List<string> errors, string error)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && attendees.Contains(id))
        {
            return id;
        }

        errors.Add(error);
        return null;
    }

    private static string Id(long? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Read(JsonObject data, string key) =>
        data[key] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : "";
}
