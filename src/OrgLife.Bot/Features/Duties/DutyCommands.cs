using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// The typed commands: 新建任务/new duty, 我的任务/my duties, 逾期/overdue, 任务 12/duty 12, 导入任务/import duties,
/// 导出任务/export duties, 提醒设置/reminder settings. (取消任务/cancel duty is with the edit actions.)
/// </summary>
internal sealed class DutyCommands(
    DutyWorkflow workflow,
    DutyViews views,
    DutyCards cards,
    DutyImporter importer,
    DutySchedule schedule,
    DutyHistory history,
    RoleService roles,
    IStringLocalizer<DutiesStrings> text)
{
    public static readonly string[] ImportPhrases = ["导入任务", "import duties"];

    public async Task NewAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (!await MayPlanAsync(turn, cancellationToken))
        {
            await turn.SendTextAsync(text["OnlySecretaryOrLeader"], cancellationToken);
            return;
        }

        var candidates = await DutyPeople.CandidatesAsync(turn, cancellationToken);
        var values = new JsonObject { ["title"] = arguments, ["owner"] = (turn.Mentions.Count > 0 ? turn.Mentions[0].Id : null) ?? turn.User.TeamsId };
        await turn.SendCardAsync(cards.Form(turn.Scope.Id, candidates, values, null, null, turn.TimeZone.Id), cancellationToken);
    }

    public async Task MineAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var mine = await views.MineAsync(turn.User.Id, turn.TimeZone, cancellationToken);
        await turn.SendCardAsync(cards.List(text["MineTitle"], mine, text["MineEmpty"]), cancellationToken);
    }

    public async Task OverdueAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var leaderScopes = await roles.ScopesWhereAsync(turn.User.Id, Role.Leader, cancellationToken);
        var overdue = await views.OverdueForLeaderAsync(turn.User.Id, turn.TimeZone, cancellationToken);
        if (leaderScopes.Count == 0 && overdue.Count == 0)
        {
            // Not a leader: their own overdue duties.
            var mine = (await views.MineAsync(turn.User.Id, turn.TimeZone, cancellationToken)).Where(v => v.Light == DutyLight.Red).ToList();
            await turn.SendCardAsync(cards.List(text["OverdueMineTitle"], mine, text["OverdueEmpty"]), cancellationToken);
            return;
        }

        await turn.SendCardAsync(cards.List(text["OverdueTitle"], overdue, text["OverdueEmpty"]), cancellationToken);
    }

    public async Task ShowAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (!long.TryParse(arguments.TrimStart('#', ' '), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await turn.SendTextAsync(text["ShowUsage"], cancellationToken);
            return;
        }

        var card = await ItemCardAsync(turn, id, null, cancellationToken);
        if (card is null)
        {
            await turn.SendTextAsync(text["NotFound", id], cancellationToken);
            return;
        }

        await turn.SendCardAsync(card, cancellationToken);
    }

    /// <summary>The duty as the speaker sees it (owner or leader actions, the audit trail); null when unknown or not theirs.</summary>
    public async Task<JsonObject?> ItemCardAsync(BotTurn turn, long id, string? notice, CancellationToken cancellationToken, string? error = null, JsonObject? values = null)
    {
        var duty = await workflow.FindAsync(id, cancellationToken);
        if (duty is null || !await views.MaySeeAsync(duty, turn.User.Id, turn.Scope.Id, cancellationToken))
        {
            return null;
        }

        var view = (await views.ViewsAsync([duty], turn.TimeZone, cancellationToken))[0];
        var lines = await history.LinesAsync(duty.Id, turn.TimeZone, cancellationToken);
        var isOwner = await views.MayActAsync(duty, turn.User.Id, cancellationToken) && duty.OwnerUserId == turn.User.Id;
        var isLeader = await views.MayManageAsync(duty, turn.User.Id, cancellationToken);
        var mayEdit = await views.MayEditAsync(duty, turn.User.Id, cancellationToken);
        return cards.Item(view, notice, isOwner, isLeader, lines, error, values, mayEdit);
    }

    public async Task ImportAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (!await MayPlanAsync(turn, cancellationToken))
        {
            await turn.SendTextAsync(text["OnlySecretaryOrLeader"], cancellationToken);
            return;
        }

        byte[]? content = null;
        if (DutyImporter.AttachedFileUrl(turn.Activity) is { } url)
        {
            (content, var error) = await importer.DownloadAsync(url, cancellationToken);
            if (error is not null)
            {
                await turn.SendCardAsync(cards.Import([], error, null), cancellationToken);
                return;
            }
        }
        else if (PastedCsv(RawLines(turn.Activity.Text)) is { Length: > 0 } pasted)
        {
            content = System.Text.Encoding.UTF8.GetBytes(pasted);
        }

        if (content is null)
        {
            await turn.SendCardAsync(cards.Import([], null, null), cancellationToken);
            return;
        }

        var outcome = await importer.ImportAsync(turn, content, cancellationToken);
        if (outcome.Error is not null)
        {
            await turn.SendCardAsync(cards.Import(outcome.Problems, outcome.Error, new JsonObject { ["csv"] = PastedCsv(RawLines(turn.Activity.Text)) }), cancellationToken);
            return;
        }

        await turn.SendTextAsync(text["ImportDone", outcome.Imported], cancellationToken);
    }

    /// <summary>
    /// The message with its line breaks (the command text collapses them): mentions dropped, Teams HTML
    /// (&lt;p&gt;, &lt;br&gt;) turned back into lines, entities decoded.
    /// </summary>
    public static string RawLines(string? text)
    {
        var withoutMentions = System.Text.RegularExpressions.Regex.Replace(text ?? "", "<at>[^<]*</at>", "");
        var lines = System.Text.RegularExpressions.Regex.Replace(withoutMentions, "<br\\s*/?>|</p>|</div>", "\n", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var plain = System.Text.RegularExpressions.Regex.Replace(lines, "<[^>]+>", "");
        return System.Net.WebUtility.HtmlDecode(plain);
    }

    /// <summary>Whatever follows the command: on the next lines, or after the phrase on the same line. Case and spacing kept.</summary>
    public static string PastedCsv(string text)
    {
        var body = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        foreach (var phrase in ImportPhrases)
        {
            if (body.StartsWith(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return body[phrase.Length..].Trim();
            }
        }

        return body;
    }

    public async Task ExportAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var manager = await MayPlanAsync(turn, cancellationToken);
        var duties = await views.ExportAsync(turn.Scope.Id, manager ? null : turn.User.Id, turn.TimeZone, cancellationToken);
        var xlsx = arguments.Contains("xlsx", StringComparison.OrdinalIgnoreCase) || arguments.Contains("excel", StringComparison.OrdinalIgnoreCase);
        var bytes = xlsx ? DutyExport.Xlsx(duties) : DutyExport.Csv(duties);
        var type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
        var name = xlsx ? "duties.xlsx" : "duties.csv";
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = text["ExportDone", duties.Count, name],
            Attachments = [new Attachment { ContentType = type, Name = name, ContentUrl = $"data:{type};base64,{Convert.ToBase64String(bytes)}" }],
        };
        await turn.Context.SendActivityAsync(activity, cancellationToken);
    }

    public async Task SettingsAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (!await roles.HasAsync(turn.Scope.Id, turn.User.Id, Role.Secretary, cancellationToken))
        {
            await turn.SendTextAsync(text["OnlySecretary"], cancellationToken);
            return;
        }

        var policy = await schedule.PolicyAsync(turn.Scope.Id, cancellationToken);
        await turn.SendCardAsync(cards.Settings(policy, null, null, null), cancellationToken);
    }

    /// <summary>Secretaries and leaders plan duties in a group; anyone keeps their own list in a personal chat.</summary>
    public async Task<bool> MayPlanAsync(BotTurn turn, CancellationToken cancellationToken) =>
        turn.IsPersonal || await roles.HasAnyAsync(turn.Scope.Id, turn.User.Id, [Role.Secretary, Role.Leader], cancellationToken);
}
