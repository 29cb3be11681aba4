using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Tests.Features.StudyQuiz;

internal sealed class StudyQuizHandlers(BotDbContext db, StudyQuizCards cards, ProactiveMessenger messenger, TimeProvider clock, IStringLocalizer<StudyQuizStrings> text)
{
    private IQueryable<StudyQuestion> Questions => db.Set<StudyQuestion>();

    /// <summary>"今日一题" / "quiz": the question posted last, or the first one when none was posted yet.</summary>
    public async Task TodayAsync(BotTurn turn, CancellationToken cancellationToken)
    {
        var question = await Questions.Where(q => q.PostedAt != null).OrderByDescending(q => q.PostedAt).FirstOrDefaultAsync(cancellationToken)
            ?? await Questions.OrderBy(q => q.Id).FirstOrDefaultAsync(cancellationToken);
        if (question is null)
        {
            await turn.SendTextAsync(text["NoQuestion"], cancellationToken);
            return;
        }

        await turn.SendCardAsync(cards.Question(question), cancellationToken);
    }

    /// <summary>The scheduled job: marks the next question posted, then sends it to every personal chat.</summary>
    public async Task PostNextAsync(CancellationToken cancellationToken)
    {
        var question = await Questions.Where(q => q.PostedAt == null).OrderBy(q => q.Id).FirstOrDefaultAsync(cancellationToken);
        if (question is null)
        {
            return;
        }

        question.PostedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var chats = await db.Conversations.AsNoTracking().Where(c => c.IsUsable && c.ConversationType == "personal")
            .Select(c => new { c.ConversationId, c.Locale }).ToListAsync(cancellationToken);
        foreach (var chat in chats)
        {
            using var _ = BotCulture.Use(BotCulture.FromLocale(chat.Locale));
            var activity = new Activity { Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(cards.Question(question))] };
            await messenger.SendToConversationAsync(chat.ConversationId, activity, cancellationToken);
        }
    }
}
