using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// One field of a duty as an edit or a cancellation changed it, in the audit trail's language-neutral form:
/// user ids, ISO instants, enum names, free text as typed.
/// </summary>
internal sealed record FieldChange(string Field, string From, string To)
{
    public const string Title = "Title";
    public const string Detail = "Detail";
    public const string Category = "Category";
    public const string Owner = "Owner";
    public const string Leader = "Leader";
    public const string DueAt = "DueAt";
    public const string Recurrence = "Recurrence";
    public const string Status = "Status";

    // Two texts of up to 2,000 characters must fit the audit row's 2,000: the trail keeps the start of each.
    private const int MaxValue = 900;
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToDetail() =>
        new JsonObject { ["field"] = Field, ["from"] = Shorten(From), ["to"] = Shorten(To) }.ToJsonString(Compact);

    /// <summary>The change stored in an audit row's detail; null for the other actions' plain details.</summary>
    public static FieldChange? FromDetail(string detail)
    {
        if (!detail.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(detail) is JsonObject o && o["field"]?.GetValue<string>() is { } field
                ? new FieldChange(field, o["from"]?.GetValue<string>() ?? "", o["to"]?.GetValue<string>() ?? "")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string value) => value.Length <= MaxValue ? value : value[..(MaxValue - 1)] + "…";
}

/// <summary>
/// Edits and cancellations of a duty. Each changed field goes into the audit trail (old → new); a new deadline,
/// owner or leader bumps <see cref="Duty.DueVersion"/>, withdraws the unsent reminders of the old schedule
/// (sent ones stay as history) and plans the new one, so nobody hears about the old deadline again.
/// </summary>
internal sealed class DutyEditor(BotDbContext db, DutyWorkflow workflow, DutySchedule schedule, TimeProvider clock)
{
    public const string Edited = "Edited";
    public const string Cancelled = "Cancelled";

    /// <summary>Applies the form's values; returns what changed (nothing when the duty is done or cancelled).</summary>
    public async Task<IReadOnlyList<FieldChange>> EditAsync(Duty duty, long userId, DutyDraft draft, CancellationToken cancellationToken)
    {
        if (!duty.IsOpen)
        {
            return [];
        }

        // The form has minutes only: a deadline stored with seconds has not moved when shown and saved unchanged.
        var dueMoved = Math.Abs((draft.DueAt - duty.DueAt).TotalMinutes) >= 1;
        var changes = Compare(duty, draft, dueMoved);
        if (changes.Count == 0)
        {
            return changes;
        }

        var now = clock.GetUtcNow();
        var oldLeader = duty.LeaderUserId;
        var ownerChanged = duty.OwnerUserId != draft.OwnerUserId;
        var leaderChanged = oldLeader != draft.LeaderUserId;
        duty.Title = draft.Title;
        duty.Detail = draft.Detail;
        duty.Category = draft.Category;
        duty.Recurrence = draft.Recurrence;
        duty.OwnerUserId = draft.OwnerUserId;
        duty.LeaderUserId = draft.LeaderUserId;
        if (ownerChanged)
        {
            // The new owner may well be reachable; the warning belonged to the old one.
            duty.OwnerUnreachableAt = null;
        }

        if (dueMoved)
        {
            duty.DueAt = draft.DueAt;
            duty.TimeZone = draft.TimeZone;
            // A series keeps the day the leader now chose, as it kept the first deadline's day.
            duty.RecurrenceDay = LocalTime.ToLocal(draft.DueAt, TimeZones.FindOr(draft.TimeZone, TimeZoneInfo.Utc)).Day;
            if (duty.Status == DutyStatus.Overdue && draft.DueAt > now)
            {
                duty.Status = DutyStatus.InProgress;
            }
        }

        var replan = dueMoved || ownerChanged || leaderChanged;
        if (replan)
        {
            duty.DueVersion++;
        }

        duty.UpdatedAt = now;
        foreach (var change in changes)
        {
            workflow.Audit(duty.Id, userId, Edited, change.ToDetail());
        }

        await db.SaveChangesAsync(cancellationToken);
        if (replan)
        {
            await ReplanAsync(duty, userId, ownerChanged, leaderChanged ? oldLeader : null, cancellationToken);
        }

        return changes;
    }

    /// <summary>Cancels an open duty: kept with its history, no more reminders, the owner told once. False when it was closed already.</summary>
    public async Task<bool> CancelAsync(Duty duty, long userId, string cancelledByName, CancellationToken cancellationToken)
    {
        var before = duty.Status;
        if (!duty.IsOpen)
        {
            return false;
        }

        // Conditional, so two cancels at once (a double click, two instances) change it and notify once.
        var now = clock.GetUtcNow();
        var changed = await db.Set<Duty>().Where(d => d.Id == duty.Id && d.Status == before).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.Status, DutyStatus.Cancelled)
            .SetProperty(d => d.RequestedDueAt, (DateTimeOffset?)null)
            .SetProperty(d => d.RequestReason, (string?)null)
            .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        await db.Entry(duty).ReloadAsync(cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        workflow.Audit(duty.Id, userId, Cancelled, new FieldChange(FieldChange.Status, before.ToString(), nameof(DutyStatus.Cancelled)).ToDetail());
        await db.SaveChangesAsync(cancellationToken);
        await schedule.CancelAsync(duty.Id, cancellationToken);
        if (duty.OwnerUserId != userId)
        {
            await schedule.AddAsync(duty.Id, ReminderStage.Cancelled, duty.DueVersion, 0, 0, null, cancelledByName, cancellationToken);
        }

        return true;
    }

    private async Task ReplanAsync(Duty duty, long userId, bool ownerChanged, long? oldLeader, CancellationToken cancellationToken)
    {
        var unsentAssigned = await schedule.VoidScheduleAsync(duty.Id, cancellationToken);
        await schedule.PlanAsync(duty, cancellationToken);
        // A new owner hears of the duty as if it were new; so does the old one if that notice was still waiting.
        if ((ownerChanged || unsentAssigned > 0) && duty.OwnerUserId != userId)
        {
            await schedule.AddAsync(duty.Id, ReminderStage.Assigned, duty.DueVersion, 0, 0, null, null, cancellationToken);
        }

        if (oldLeader is { } previous)
        {
            await schedule.RetargetLeaderRequestsAsync(duty.Id, previous, duty.LeaderUserId, cancellationToken);
        }
    }

    private static List<FieldChange> Compare(Duty duty, DutyDraft draft, bool dueMoved)
    {
        var changes = new List<FieldChange>();
        void Track(string field, string from, string to)
        {
            if (!string.Equals(from.Trim(), to.Trim(), StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, from, to));
            }
        }

        Track(FieldChange.Title, duty.Title, draft.Title);
        Track(FieldChange.Detail, duty.Detail, draft.Detail);
        Track(FieldChange.Category, duty.Category, draft.Category);
        Track(FieldChange.Owner, Id(duty.OwnerUserId), Id(draft.OwnerUserId));
        Track(FieldChange.Leader, Id(duty.LeaderUserId), Id(draft.LeaderUserId));
        if (dueMoved)
        {
            Track(FieldChange.DueAt, duty.DueAt.ToUniversalTime().ToString("O"), draft.DueAt.ToUniversalTime().ToString("O"));
        }

        Track(FieldChange.Recurrence, duty.Recurrence.ToString(), draft.Recurrence.ToString());
        return changes;
    }

    private static string Id(long userId) => userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
