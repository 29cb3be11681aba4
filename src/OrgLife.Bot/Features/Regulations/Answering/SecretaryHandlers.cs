using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Connector;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>
/// "问书记": a question the knowledge base does not cover goes to the scope's secretaries (else its admins) as a
/// card with an answer form; the first answer goes back to the asker and may be kept as a curated answer.
/// "待答问题"/"open questions" lists what is waiting and what members found unhelpful.
/// </summary>
internal sealed partial class SecretaryHandlers(
    BotDbContext db,
    RoleService roles,
    ProactiveMessenger messenger,
    QuestionLog log,
    CuratedAnswers curated,
    RegulationCards cards,
    TimeProvider clock,
    IStringLocalizer<RegulationsStrings> text,
    ILogger<SecretaryHandlers> logger)
{
    private const int MaxTenantScopes = 20;
    private const int MaxOpen = 10;

    public async Task<CardResult> ForwardAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var id = action.GetString("id");
        var questionText = action.GetString("q") ?? "";
        if (string.IsNullOrEmpty(id) || id.Length > 32)
        {
            return CardResult.Text(text["QuestionGone"]);
        }

        await log.FlushAsync(cancellationToken);
        var question = await db.Set<AskedQuestion>().FirstOrDefaultAsync(q => q.PublicId == id, cancellationToken);
        if (question is null)
        {
            question = new AskedQuestion
            {
                PublicId = id, ScopeId = turn.Scope.Id, UserId = turn.User.Id, AskedAt = clock.GetUtcNow(), Outcome = QuestionOutcome.NotCovered,
                Question = questionText.Length > 1000 ? questionText[..1000] : questionText,
            };
            db.Set<AskedQuestion>().Add(question);
        }

        if (question.ForwardedAt is not null)
        {
            return CardResult.Replace(cards.NotCovered(id, question.Question, text["AlreadyForwarded"]));
        }

        // A secretary asking what only they could answer gets the form themselves: their answer becomes the FAQ.
        var candidates = await RecipientsAsync(turn, cancellationToken);
        var recipients = candidates.Where(r => r.Id != turn.User.Id).ToList() is { Count: > 0 } others ? others : [.. candidates];
        if (recipients.Count == 0)
        {
            return CardResult.Text(text["NoSecretary"]);
        }

        question.ForwardedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var reached = new List<string>();
        foreach (var recipient in recipients)
        {
            using var _ = BotCulture.Use(BotCulture.FromLocale(recipient.Locale));
            var card = cards.Forwarded(question, turn.User.Name);
            try
            {
                var delivery = await messenger.SendToUserAsync(recipient.Id, CardActivity(card, text["ForwardTitle"]), cancellationToken);
                db.Set<QuestionForward>().Add(new QuestionForward { QuestionId = question.Id, RecipientUserId = recipient.Id, ConversationId = delivery.ConversationId, ActivityId = delivery.ActivityId });
                reached.Add(recipient.Name);
            }
            catch (Exception e) when (e is RecipientUnreachableException or ConnectorException)
            {
                LogUnreachable(logger, recipient.Id);
            }
        }

        if (reached.Count == 0)
        {
            question.ForwardedAt = null;
            await db.SaveChangesAsync(cancellationToken);
            return CardResult.Text(text["ForwardFailed"]);
        }

        await db.SaveChangesAsync(cancellationToken);
        return CardResult.Replace(cards.NotCovered(id, question.Question, text["Forwarded", string.Join("、", reached)]));
    }

    /// <summary>A secretary's answer from the forwarded card.</summary>
    public async Task<CardResult> ReplyAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var id = action.GetString("id");
        var answer = action.GetString("answer");
        var keep = string.Equals(action.GetString("faq"), "true", StringComparison.OrdinalIgnoreCase);
        var question = string.IsNullOrEmpty(id) ? null : await db.Set<AskedQuestion>().FirstOrDefaultAsync(q => q.PublicId == id, cancellationToken);
        if (question is null)
        {
            return CardResult.Text(text["QuestionGone"]);
        }

        var forwarded = await db.Set<QuestionForward>().AnyAsync(f => f.QuestionId == question.Id && f.RecipientUserId == turn.User.Id, cancellationToken);
        if (!forwarded && !await roles.HasAsync(question.ScopeId, turn.User.Id, Role.Secretary, cancellationToken))
        {
            return CardResult.Text(text["NotRecipient"]);
        }

        var asker = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == question.UserId, cancellationToken);
        var askerName = asker?.Name ?? "";
        if (question.AnsweredByUserId is { } answeredBy)
        {
            var by = await db.Users.AsNoTracking().Where(u => u.Id == answeredBy).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);
            return CardResult.Replace(cards.Forwarded(question, askerName, status: text["AlreadyAnswered", by ?? ""], answeredText: question.SecretaryAnswer));
        }

        if (string.IsNullOrWhiteSpace(answer))
        {
            return CardResult.Replace(cards.Forwarded(question, askerName, answer, keep, error: text["AnswerRequired"]));
        }

        answer = answer.Length > 2000 ? answer[..2000] : answer;
        question.SecretaryAnswer = answer;
        question.AnsweredByUserId = turn.User.Id;
        question.AnsweredAt = clock.GetUtcNow();
        if (keep)
        {
            var scope = await db.Scopes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == question.ScopeId, cancellationToken);
            db.Set<CuratedAnswer>().Add(new CuratedAnswer
            {
                ScopeId = question.ScopeId,
                TenantId = scope?.TenantId,
                Question = question.Question,
                MatchKey = CuratedAnswers.MatchKey(question.Question),
                Answer = answer,
                AnsweredByUserId = turn.User.Id,
                AnsweredByName = turn.User.Name,
                CreatedAt = clock.GetUtcNow(),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        if (keep)
        {
            await curated.ReloadAsync(db, cancellationToken);
        }

        var status = text["AnswerSent", askerName].Value;
        if (!await DeliverAsync(question, asker, answer, turn.User.Name, cancellationToken))
        {
            status = text["AskerUnreachable", askerName].Value;
        }

        if (keep)
        {
            status += " " + text["AnswerSavedFaq"].Value;
        }

        await CloseOtherCopiesAsync(question, turn.User, askerName, cancellationToken);
        return CardResult.Replace(cards.Forwarded(question, askerName, status: status, answeredText: answer));
    }

    /// <summary>"待答问题": forwarded questions not yet answered and answers marked not helpful, in the secretary's scopes.</summary>
    public async Task OpenAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var scopes = (await roles.ScopesWhereAsync(turn.User.Id, Role.Secretary, cancellationToken)).ToList();
        var forwardedToMe = db.Set<QuestionForward>().Where(f => f.RecipientUserId == turn.User.Id).Select(f => f.QuestionId);
        if (scopes.Count == 0 && !await forwardedToMe.AnyAsync(cancellationToken))
        {
            await turn.SendTextAsync(text["OpenSecretaryOnly"], cancellationToken);
            return;
        }

        // Questions asked in members' 1:1 chats count for the organisations of the same tenant.
        var tenant = turn.Scope.TenantId;
        var personalScopes = db.Scopes.Where(s => s.Kind == ScopeKind.Personal && tenant != null && s.TenantId == tenant).Select(s => s.Id);
        await log.FlushAsync(cancellationToken);
        var open = await db.Set<AskedQuestion>().AsNoTracking()
            .Where(q => q.AnsweredByUserId == null
                && ((q.ForwardedAt != null && forwardedToMe.Contains(q.Id))
                    || (q.Feedback == QuestionFeedback.NotHelpful && (scopes.Contains(q.ScopeId) || personalScopes.Contains(q.ScopeId)))))
            .OrderByDescending(q => q.Id).Take(MaxOpen)
            .Join(db.Users.AsNoTracking(), q => q.UserId, u => u.Id, (q, u) => new { Question = q, Asker = u.Name })
            .ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            await turn.SendTextAsync(text["OpenNone"], cancellationToken);
            return;
        }

        var items = open.Select(o => (o.Question.PublicId, o.Question.Question, o.Question.Feedback == QuestionFeedback.NotHelpful
            ? text["OpenDownVoted", o.Asker, o.Question.Citation ?? ""].Value
            : text["OpenForwarded", o.Asker].Value));
        await turn.SendCardAsync(cards.Open(items), cancellationToken, text["OpenTitle"]);
    }

    /// <summary>The "答复" button of the open-questions card: posts the answer form for that question.</summary>
    public async Task<CardResult> AnswerOpenAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var id = action.GetString("id");
        var question = string.IsNullOrEmpty(id) ? null : await db.Set<AskedQuestion>().FirstOrDefaultAsync(q => q.PublicId == id, cancellationToken);
        if (question is null)
        {
            return CardResult.Text(text["QuestionGone"]);
        }

        var allowed = await db.Set<QuestionForward>().AnyAsync(f => f.QuestionId == question.Id && f.RecipientUserId == turn.User.Id, cancellationToken)
            || (await roles.ScopesWhereAsync(turn.User.Id, Role.Secretary, cancellationToken)).Count > 0;
        if (!allowed)
        {
            return CardResult.Text(text["OpenSecretaryOnly"]);
        }

        var asker = await db.Users.AsNoTracking().Where(u => u.Id == question.UserId).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken) ?? "";
        var messageId = await turn.SendCardAsync(cards.Forwarded(question, asker), cancellationToken, text["ForwardTitle"]);
        if (!await db.Set<QuestionForward>().AnyAsync(f => f.QuestionId == question.Id && f.RecipientUserId == turn.User.Id, cancellationToken))
        {
            db.Set<QuestionForward>().Add(new QuestionForward { QuestionId = question.Id, RecipientUserId = turn.User.Id, ConversationId = turn.Activity.Conversation!.Id!, ActivityId = messageId });
            await db.SaveChangesAsync(cancellationToken);
        }

        return CardResult.None;
    }

    /// <summary>The scope's secretaries, else its admins; from a 1:1 chat, those of the organisations in the tenant.</summary>
    private async Task<IReadOnlyList<UserProfile>> RecipientsAsync(BotTurn turn, CancellationToken cancellationToken)
    {
        if (!turn.IsPersonal)
        {
            var secretaries = await roles.HoldersAsync(turn.Scope.Id, Role.Secretary, cancellationToken);
            return secretaries.Count > 0 ? secretaries : await roles.HoldersAsync(turn.Scope.Id, Role.Admin, cancellationToken);
        }

        var tenant = turn.Scope.TenantId;
        var organisations = await db.Scopes.AsNoTracking()
            .Where(s => s.Kind != ScopeKind.Personal && s.RemovedAt == null && tenant != null && s.TenantId == tenant)
            .OrderByDescending(s => s.Id).Select(s => s.Id).Take(MaxTenantScopes).ToListAsync(cancellationToken);
        IReadOnlyList<UserProfile> fallback = [];
        foreach (var role in new[] { Role.Secretary, Role.Admin })
        {
            var holders = new Dictionary<long, UserProfile>();
            foreach (var scope in organisations)
            {
                foreach (var holder in await roles.HoldersAsync(scope, role, cancellationToken))
                {
                    holders.TryAdd(holder.Id, holder);
                }
            }

            if (holders.Values.Any(h => h.Id != turn.User.Id))
            {
                return [.. holders.Values];
            }

            fallback = fallback.Count > 0 ? fallback : [.. holders.Values];
        }

        return fallback;
    }

    private async Task<bool> DeliverAsync(AskedQuestion question, UserProfile? asker, string answer, string secretaryName, CancellationToken cancellationToken)
    {
        if (asker is null)
        {
            return false;
        }

        using var _ = BotCulture.Use(BotCulture.FromLocale(asker.Locale));
        try
        {
            await messenger.SendToUserAsync(asker.Id, CardActivity(cards.Reply(question.Question, answer, secretaryName), text["ReplyTitle"]), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is RecipientUnreachableException or ConnectorException)
        {
            LogUnreachable(logger, asker.Id);
            return false;
        }
    }

    // The other secretaries' copies of the question close with who answered, so nobody answers twice.
    private async Task CloseOtherCopiesAsync(AskedQuestion question, UserProfile secretary, string askerName, CancellationToken cancellationToken)
    {
        var copies = await db.Set<QuestionForward>().AsNoTracking()
            .Where(f => f.QuestionId == question.Id && f.RecipientUserId != secretary.Id && f.ActivityId != null)
            .Join(db.Users.AsNoTracking(), f => f.RecipientUserId, u => u.Id, (f, u) => new { f.ConversationId, f.ActivityId, u.Locale })
            .ToListAsync(cancellationToken);
        foreach (var copy in copies)
        {
            using var _ = BotCulture.Use(BotCulture.FromLocale(copy.Locale));
            var card = cards.Forwarded(question, askerName, status: text["AlreadyAnswered", secretary.Name], answeredText: question.SecretaryAnswer);
            try
            {
                await messenger.UpdateAsync(copy.ConversationId, copy.ActivityId!, CardActivity(card, null), cancellationToken);
            }
            catch (Exception e) when (e is RecipientUnreachableException or ConnectorException)
            {
                LogUnreachable(logger, secretary.Id);
            }
        }
    }

    private static Activity CardActivity(System.Text.Json.Nodes.JsonObject card, string? summary) =>
        new() { Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(card)], Summary = summary };

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "User {UserId} could not be reached with a forwarded question or its answer")]
    private static partial void LogUnreachable(ILogger logger, long userId);
}
