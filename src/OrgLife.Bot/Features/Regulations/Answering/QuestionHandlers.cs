using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Llm;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>
/// A member's question (free text, or "问 …"/"ask …"): curated answer, cited article or "not covered"; the
/// related-article buttons and the 👍/👎 feedback. The turn reads memory only; the question log is written
/// in the background.
/// </summary>
internal sealed partial class QuestionHandlers(
    RegulationAnswerer answerer,
    RegulationCards cards,
    QuestionLog log,
    BotDbContext db,
    TimeProvider clock,
    IOptions<RegulationsOptions> options,
    IStringLocalizer<RegulationsStrings> text,
    ILogger<QuestionHandlers> logger)
{
    private static readonly char[] AskSeparators = [' ', ':', '：', ',', '，', '\u3000'];

    /// <summary>Any text that is no command is a question.</summary>
    public async Task<bool> FallbackAsync(BotTurn turn, CancellationToken cancellationToken)
    {
        await AskAsync(turn, turn.Text, cancellationToken);
        return true;
    }

    /// <summary>"问 预备期多长时间" / "ask how long…"; "问题是…" is a question that happens to start with 问.</summary>
    public Task AskCommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        var words = turn.Text.TrimStart('/');
        var separated = words.Length > 1 && (words.StartsWith("ask", StringComparison.OrdinalIgnoreCase) || AskSeparators.Contains(words[1]));
        return AskAsync(turn, separated || arguments.Length == 0 ? arguments : words, cancellationToken);
    }

    public async Task AskAsync(BotTurn turn, string question, CancellationToken cancellationToken)
    {
        question = question.Trim();
        var max = options.Value.MaxQuestionLength;
        if (question.Length == 0)
        {
            await turn.SendTextAsync(text["AskEmpty"], cancellationToken);
            return;
        }

        if (question.Length > max)
        {
            await turn.SendTextAsync(text["AskTooLong", question.Length, max], cancellationToken);
            return;
        }

        if (!question.Any(char.IsLetterOrDigit))
        {
            await turn.SendTextAsync(text["AskNoWords"], cancellationToken);
            return;
        }

        var conversation = turn.Activity.Conversation!.Id!;
        var id = Guid.NewGuid().ToString("N");
        var answer = await answerer.AnswerAsync(turn.Scope, conversation, question, turn.Culture, cancellationToken);
        var logged = new AskedQuestion { PublicId = id, ScopeId = turn.Scope.Id, UserId = turn.User.Id, Question = question, AskedAt = clock.GetUtcNow() };
        if (answer.Curated is { } curated)
        {
            logged.Outcome = QuestionOutcome.Curated;
            log.Record(logged);
            await turn.SendCardAsync(cards.Curated(curated), cancellationToken, text["AnswerSummary"]);
            return;
        }

        if (!answer.IsCovered)
        {
            logged.Outcome = QuestionOutcome.NotCovered;
            log.Record(logged);
            await turn.SendCardAsync(cards.NotCovered(id, question), cancellationToken, text["NotCoveredTitle"]);
            return;
        }

        var main = answer.Articles[0];
        var written = answer.Written;
        logged.Outcome = written is null ? QuestionOutcome.Answered : QuestionOutcome.Written;
        logged.Citation = RegulationCards.Citation(main);
        log.Record(logged);
        var terms = answer.MatchedTerms.Concat(ArticleMarkdown.SharedWords(question, main.Article.Text)).Distinct(StringComparer.Ordinal).ToList();
        var card = cards.Answer(id, main, answer.Articles.Skip(1).ToList(), terms, written, answer.Articles);
        await turn.SendCardAsync(card, cancellationToken, text["AnswerSummary"]);
        LogAnswered(logger, answer.Articles.Count, written is not null);
    }

    /// <summary>A related-article button: the article's own card, sent as a new message.</summary>
    public async Task<CardResult> OpenArticleAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        if (!long.TryParse(action.GetString("doc"), NumberStyles.None, CultureInfo.InvariantCulture, out var doc)
            || !int.TryParse(action.GetString("art"), NumberStyles.None, CultureInfo.InvariantCulture, out var art)
            || answerer.Find(doc, art) is not { } article
            || !Library.KnowledgeSnapshot.IsVisible(article.Document, turn.Scope))
        {
            return CardResult.Text(text["ArticleGone"]);
        }

        answerer.Opened(turn.Activity.Conversation!.Id!, article);
        var neighbours = new[] { art - 1, art + 1 }.Select(n => answerer.Find(doc, n)).OfType<CitedArticle>().ToList();
        await turn.SendCardAsync(cards.Article(article, neighbours), cancellationToken, RegulationCards.Citation(article));
        return CardResult.None;
    }

    /// <summary>👍/👎: stored on the question's log row; the card is drawn again with a thank-you instead of the buttons.</summary>
    public async Task<CardResult> FeedbackAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var id = action.GetString("id");
        if (string.IsNullOrEmpty(id) || id.Length > 32)
        {
            return CardResult.Text(text["QuestionGone"]);
        }

        var helpful = action.GetString("v") != "down";
        await log.FlushAsync(cancellationToken);
        var row = await db.Set<AskedQuestion>().FirstOrDefaultAsync(q => q.PublicId == id, cancellationToken);
        if (row is null)
        {
            // The log entry was lost (restart before the write): keep the feedback with what the card knows.
            row = new AskedQuestion { PublicId = id, ScopeId = turn.Scope.Id, UserId = turn.User.Id, Question = "", AskedAt = clock.GetUtcNow(), Outcome = QuestionOutcome.Answered };
            db.Set<AskedQuestion>().Add(row);
        }

        row.Feedback = helpful ? QuestionFeedback.Helpful : QuestionFeedback.NotHelpful;
        row.FeedbackAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);

        var state = AnswerState.Parse(action.GetString("s"));
        if (state is null || answerer.Find(state.D, state.A) is not { } main)
        {
            return CardResult.Text(text[helpful ? "FeedbackThanks" : "FeedbackThanksDown"]);
        }

        var related = (state.R ?? []).Where(r => r.Length == 2).Select(r => answerer.Find(r[0], (int)r[1])).OfType<CitedArticle>().ToList();
        return CardResult.Replace(cards.Answer(id, main, related, state.T ?? [], null, null, thanked: true, helpful: helpful));
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Answered a question with {Articles} articles (written: {Written})")]
    private static partial void LogAnswered(ILogger logger, int articles, bool written);
}
