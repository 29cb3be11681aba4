using System.Globalization;
using Microsoft.Extensions.Localization;

namespace OrgLife.Bot.Features.Duties;

/// <summary>The audit trail as the item card shows it: when, who, what, and for edits each field's old → new.</summary>
internal sealed class DutyHistory(DutyWorkflow workflow, DutyViews views, DutyCards cards, IStringLocalizer<DutiesStrings> text)
{
    public async Task<IReadOnlyList<string>> LinesAsync(long dutyId, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var changes = await workflow.HistoryAsync(dutyId, cancellationToken);
        var fields = changes.Select(c => FieldChange.FromDetail(c.Detail)).ToList();
        var people = changes.Select(c => c.UserId).Concat(fields.SelectMany(PeopleIn));
        var names = await views.NamesAsync(people, cancellationToken);
        return [.. changes.Select((c, i) => text["HistoryLine",
            DutyCards.Format(LocalTime.ToLocal(c.At, zone)),
            c.UserId == 0 ? text["TheBot"].Value : names.GetValueOrDefault(c.UserId, "—"),
            text["Change" + c.Action].Value,
            fields[i] is { } field ? Describe(field, names, zone) : DescribeDetail(c.Detail, zone)].Value.TrimEnd(' ', '·'))];
    }

    private string Describe(FieldChange change, IReadOnlyDictionary<long, string> names, TimeZoneInfo zone)
    {
        string Value(string raw) => raw.Length == 0 ? "—" : change.Field switch
        {
            FieldChange.Owner or FieldChange.Leader => UserId(raw) is { } id and not 0 ? names.GetValueOrDefault(id, "—") : "—",
            FieldChange.DueAt => DescribeDetail(raw, zone),
            FieldChange.Recurrence => Enum.TryParse<RecurrenceKind>(raw, out var kind) ? cards.RecurrenceName(kind) : raw,
            FieldChange.Status => text["Status" + raw].Value,
            _ => raw,
        };

        return text["FieldChange", text["Field" + change.Field].Value, Value(change.From), Value(change.To)];
    }

    private static IEnumerable<long> PeopleIn(FieldChange? change) =>
        change is { Field: FieldChange.Owner or FieldChange.Leader }
            ? new[] { UserId(change.From), UserId(change.To) }.OfType<long>()
            : [];

    private static long? UserId(string raw) => long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string DescribeDetail(string detail, TimeZoneInfo zone) =>
        DateTimeOffset.TryParseExact(detail, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? DutyCards.Format(LocalTime.ToLocal(at, zone))
            : detail;
}
