using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Platform.Cards;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Bot.Platform.Scheduling;

namespace OrgLife.Bot.Tests.Features.StudyQuiz;

/// <summary>
/// A fourth feature, added the way CONTRIBUTING.md describes, to prove the platform: a daily study question
/// (its own table, command words, card, help line and scheduled job). Everything lives in this folder; a host
/// turns it on with one line, <c>services.AddStudyQuiz()</c>.
/// </summary>
internal static class StudyQuizFeature
{
    /// <summary>How often the job posts the next question.</summary>
    public static readonly TimeSpan PostEvery = TimeSpan.FromDays(1);

    public static IServiceCollection AddStudyQuiz(this IServiceCollection services)
    {
        services.AddStoreModel(StudyQuizModel.Configure);
        services.AddCardTemplate(StudyQuizCards.QuestionTemplateName, StudyQuizCards.QuestionTemplate);
        services.AddScoped<StudyQuizCards>();
        services.AddScoped<StudyQuizHandlers>();
        services.AddScheduledJob<StudyQuizHandlers>("study-quiz", PostEvery, (h, ct) => h.PostNextAsync(ct));
        return services.AddRoutes(routes => routes
            .Command<StudyQuizHandlers>(StudyQuizPhrases.Today, (h, turn, args, ct) => h.TodayAsync(turn, ct))
            .HelpLine<StudyQuizStrings>("HelpTodayCommand", "HelpTodayDescription", 60));
    }
}
