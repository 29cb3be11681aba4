using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Cards;

namespace OrgLife.Bot.Features.Duties;

/// <summary>A person offered in the form's owner/leader pickers: Teams id and display name.</summary>
internal sealed record Person(string Id, string Name);

/// <summary>Binds the Duties cards (cards/duties/*.json) to localised text in the current UI culture.</summary>
internal sealed class DutyCards(CardTemplates templates, IStringLocalizer<DutiesStrings> text)
{
    private const string DateFormat = "yyyy-MM-dd HH:mm";
    private const int MaxHistory = 15;

    public static string Color(DutyLight light) => light switch
    {
        DutyLight.Red => "Attention",
        DutyLight.Yellow => "Warning",
        DutyLight.Done => "Good",
        DutyLight.Cancelled => "Default",
        _ => "Accent",
    };

    public static string Format(DateTime local) => local.ToString(DateFormat, CultureInfo.InvariantCulture);

    public string StatusLine(DutyView view)
    {
        var light = text["Light" + view.Light].Value;
        var status = text["Status" + view.Duty.Status].Value;
        return view.DaysOverdue > 0 ? text["StatusLineOverdue", light, status, view.DaysOverdue] : text["StatusLine", light, status];
    }

    public string RecurrenceName(RecurrenceKind kind) => text["Recurrence" + kind];

    /// <summary>
    /// One duty with the actions its viewer may take; <paramref name="notice"/> says why it was sent.
    /// <paramref name="editActions"/>: edit and cancel, folded into one "more" button beside the owner's four
    /// (Adaptive Cards hosts show at most five actions).
    /// </summary>
    public JsonObject Item(DutyView view, string? notice, bool ownerActions, bool leaderActions,
        IReadOnlyList<string>? history = null, string? error = null, JsonObject? values = null, bool editActions = false)
    {
        var d = view.Duty;
        var facts = new List<object>
        {
            new { title = text["FactOwner"].Value, value = view.OwnerName },
            new { title = text["FactLeader"].Value, value = view.LeaderName },
            new { title = text["FactDue"].Value, value = Format(view.DueLocal) },
        };
        if (d.Recurrence != RecurrenceKind.None)
        {
            facts.Add(new { title = text["FactRecurrence"].Value, value = RecurrenceName(d.Recurrence) });
        }

        if (d.Category.Length > 0)
        {
            facts.Add(new { title = text["FactCategory"].Value, value = d.Category });
        }

        if (view.RequestedLocal is { } requested)
        {
            facts.Add(new { title = text["FactRequested"].Value, value = Format(requested) + (d.RequestReason is { } r ? " · " + r : "") });
        }

        if (d.CompletedAt is not null)
        {
            facts.Add(new { title = text["FactEvidence"].Value, value = d.Evidence ?? "—" });
        }

        return templates.Render("duties/item", new
        {
            id = d.Id,
            notice = notice ?? "",
            color = Color(view.Light),
            heading = $"#{d.Id} {d.Title}",
            statusLine = StatusLine(view),
            facts,
            detail = d.Detail,
            warning = d.OwnerUnreachableAt is null ? "" : text["OwnerUnreachableWarning", view.OwnerName].Value,
            historyTitle = text["HistoryTitle"].Value,
            history = (history ?? []).TakeLast(MaxHistory).Select(line => new { line }),
            error = error ?? "",
            ownerActions = ownerActions && d.IsOpen,
            leaderActions = leaderActions && d.IsOpen && d.RequestedDueAt is not null,
            editButtons = editActions && d.IsOpen && !ownerActions,
            editMenu = editActions && d.IsOpen && ownerActions,
            labels = new
            {
                done = text["ActionDone"].Value,
                evidence = text["ActionEvidence"].Value,
                confirmDone = text["ActionConfirmDone"].Value,
                help = text["ActionHelp"].Value,
                helpMessage = text["ActionHelpMessage"].Value,
                sendHelp = text["ActionSendHelp"].Value,
                extend = text["ActionExtend"].Value,
                newDueDate = text["ActionNewDueDate"].Value,
                reason = text["ActionReason"].Value,
                sendExtend = text["ActionSendExtend"].Value,
                snooze = text["ActionSnooze"].Value,
                approve = text["ActionApprove"].Value,
                decline = text["ActionDecline"].Value,
                edit = text["ActionEdit"].Value,
                cancel = text["ActionCancelDuty"].Value,
                more = text["ActionMore"].Value,
                moreHint = text["ActionMoreHint"].Value,
            },
            values = new
            {
                evidence = values?["evidence"]?.ToString() ?? "",
                helpMessage = values?["helpMessage"]?.ToString() ?? "",
                newDueDate = values?["newDueDate"]?.ToString() ?? "",
                reason = values?["reason"]?.ToString() ?? "",
            },
        });
    }

    /// <summary>The card a reminder carries: the duty, why it arrived, and the recipient's actions.</summary>
    public JsonObject Reminder(DutyView view, ReminderStage stage, int sequence, string? payload, bool isLeader, bool mayEdit = false)
    {
        var notice = stage switch
        {
            ReminderStage.Before => text["NoticeBefore", sequence].Value,
            ReminderStage.DueDay => text["NoticeDueDay"].Value,
            ReminderStage.Overdue => text["NoticeOverdue", view.DaysOverdue].Value,
            ReminderStage.Snoozed => text["NoticeSnoozed"].Value,
            ReminderStage.Assigned => text["NoticeAssigned"].Value,
            ReminderStage.Escalation => text["NoticeEscalation", view.OwnerName, view.DaysOverdue].Value,
            ReminderStage.HelpRequest => text["NoticeHelp", view.OwnerName, payload ?? ""].Value,
            ReminderStage.ExtensionRequest => text["NoticeExtension", view.OwnerName].Value,
            ReminderStage.ExtensionAnswer => text[payload == "approved" ? "NoticeExtensionApproved" : "NoticeExtensionDeclined"].Value,
            ReminderStage.Unreachable => text["NoticeUnreachable", view.OwnerName].Value,
            ReminderStage.Cancelled => text["NoticeCancelled", payload ?? ""].Value,
            _ => null,
        };
        var toOwner = !isLeader && stage is not ReminderStage.Unreachable;
        return Item(view, notice, ownerActions: toOwner, leaderActions: isLeader && stage == ReminderStage.ExtensionRequest, editActions: mayEdit);
    }

    public string ReminderSummary(DutyView view, ReminderStage stage) => text["ReminderSummary", view.Duty.Title, Format(view.DueLocal)];

    public JsonObject List(string title, IReadOnlyList<DutyView> items, string empty, string? subtitle = null) => templates.Render("duties/list", new
    {
        title,
        subtitle = subtitle ?? (items.Count > 0 ? text["ListCount", items.Count].Value : ""),
        empty = items.Count == 0 ? empty : "",
        items = items.Select(v => new
        {
            id = v.Duty.Id,
            color = Color(v.Light),
            heading = $"#{v.Duty.Id} {v.Duty.Title}",
            line = text["ListLine", Format(v.DueLocal), v.OwnerName, StatusLine(v)].Value,
        }),
        more = "",
    });

    public JsonObject Digest(IReadOnlyList<DutyView> items)
    {
        var overdue = items.Count(v => v.Light == DutyLight.Red);
        return List(text["DigestTitle"], items, "", text["DigestSubtitle", overdue, items.Count - overdue]);
    }

    public string DigestSummary(int count) => text["DigestSummary", count];

    public JsonObject CatchUp(IReadOnlyList<DutyView> items) => List(text["CatchUpTitle"], items, "", text["CatchUpSubtitle", items.Count]);

    public string CatchUpSummary(int count) => text["CatchUpSubtitle", count];

    /// <summary>The new-duty form, or with <paramref name="editingId"/> the same form editing that duty (saved by duty.save).</summary>
    public JsonObject Form(long scopeId, IReadOnlyList<Person> people, JsonObject? values, string? error, string? created, string zone, long editingId = 0) => templates.Render("duties/form", new
    {
        title = editingId == 0 ? text["FormTitle"].Value : text["EditTitle", editingId].Value,
        error = error ?? "",
        created = created ?? "",
        scope = scopeId,
        verb = editingId == 0 ? "duty.create" : "duty.save",
        dutyId = editingId,
        editing = editingId != 0,
        people = people.Select(p => new { id = p.Id, name = p.Name }),
        recurrences = Enum.GetValues<RecurrenceKind>().Select(k => new { id = k.ToString(), name = RecurrenceName(k) }),
        labels = new
        {
            title = text["FormTitleLabel"].Value,
            titleRequired = text["FormTitleRequired"].Value,
            detail = text["FormDetail"].Value,
            owner = text["FormOwner"].Value,
            leader = text["FormLeader"].Value,
            dueDate = text["FormDueDate"].Value,
            dueTime = text["FormDueTime"].Value,
            recurrence = text["FormRecurrence"].Value,
            category = text["FormCategory"].Value,
            zone = text["FormZone", zone].Value,
            submit = editingId == 0 ? text["FormSubmit"].Value : text["EditSubmit"].Value,
            back = text["ActionBack"].Value,
        },
        values = new
        {
            title = Value(values, "title"),
            detail = Value(values, "detail"),
            owner = Value(values, "owner"),
            leader = Value(values, "leader"),
            dueDate = Value(values, "dueDate"),
            dueTime = Value(values, "dueTime", "18:00"),
            recurrence = Value(values, "recurrence", nameof(RecurrenceKind.None)),
            category = Value(values, "category"),
        },
    });

    /// <summary>The confirmation step before a duty is cancelled: what it is, what cancelling does, confirm or back.</summary>
    public JsonObject CancelConfirmation(DutyView view) => templates.Render("duties/cancel", new
    {
        id = view.Duty.Id,
        question = text["CancelQuestion"].Value,
        heading = $"#{view.Duty.Id} {view.Duty.Title}",
        facts = new[]
        {
            new { title = text["FactOwner"].Value, value = view.OwnerName },
            new { title = text["FactDue"].Value, value = Format(view.DueLocal) },
        },
        consequence = text["CancelConsequence"].Value,
        labels = new { confirm = text["CancelConfirm"].Value, back = text["ActionBack"].Value },
    });

    /// <summary>A duty's current values as the edit form shows them, the deadline in the editor's zone.</summary>
    public static JsonObject FormValues(Duty duty, string ownerTeamsId, string? leaderTeamsId, TimeZoneInfo zone)
    {
        var due = LocalTime.ToLocal(duty.DueAt, zone);
        return new JsonObject
        {
            ["title"] = duty.Title,
            ["detail"] = duty.Detail,
            ["owner"] = ownerTeamsId,
            ["leader"] = leaderTeamsId ?? "",
            ["dueDate"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueTime"] = due.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["recurrence"] = duty.Recurrence.ToString(),
            ["category"] = duty.Category,
        };
    }

    public JsonObject Import(IReadOnlyList<string> problems, string? error, JsonObject? values) => templates.Render("duties/import", new
    {
        title = text["ImportTitle"].Value,
        intro = text["ImportIntro"].Value,
        columns = DutyImport.Header,
        error = error ?? "",
        problems = problems.Take(30).Select(line => new { line }),
        labels = new { url = text["ImportUrl"].Value, csv = text["ImportCsv"].Value, submit = text["ImportSubmit"].Value },
        values = new { url = Value(values, "url"), csv = Value(values, "csv") },
    });

    public JsonObject Settings(ReminderPolicy policy, JsonObject? values, string? error, string? saved) => templates.Render("duties/settings", new
    {
        title = text["SettingsTitle"].Value,
        error = error ?? "",
        saved = saved ?? "",
        labels = new
        {
            daysBefore = text["SettingsDaysBefore"].Value,
            remindAt = text["SettingsRemindAt"].Value,
            overdueRepeats = text["SettingsOverdueRepeats"].Value,
            escalateAfterDays = text["SettingsEscalate"].Value,
            quietFrom = text["SettingsQuietFrom"].Value,
            quietUntil = text["SettingsQuietUntil"].Value,
            skipWeekends = text["SettingsSkipWeekends"].Value,
            submit = text["SettingsSubmit"].Value,
        },
        values = new
        {
            daysBefore = Value(values, "daysBefore", string.Join(",", policy.DaysBefore)),
            remindAt = Value(values, "remindAt", Time(policy.RemindAt)),
            overdueRepeats = Value(values, "overdueRepeats", policy.OverdueRepeats.ToString(CultureInfo.InvariantCulture)),
            escalateAfterDays = Value(values, "escalateAfterDays", policy.EscalateAfterDays.ToString(CultureInfo.InvariantCulture)),
            quietFrom = Value(values, "quietFrom", Time(policy.QuietFrom)),
            quietUntil = Value(values, "quietUntil", Time(policy.QuietUntil)),
            skipWeekends = Value(values, "skipWeekends", policy.SkipWeekends ? "true" : "false"),
        },
    });

    public static string Time(TimeSpan time) => time.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static string Value(JsonObject? values, string key, string fallback = "") =>
        values?[key] is JsonValue v && v.ToString() is { Length: > 0 } s ? s : fallback;
}
