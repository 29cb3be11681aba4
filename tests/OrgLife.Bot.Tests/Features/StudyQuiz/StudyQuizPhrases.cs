namespace OrgLife.Bot.Tests.Features.StudyQuiz;

/// <summary>The words of the feature's commands, in both languages.</summary>
internal static class StudyQuizPhrases
{
    public static readonly string[] Today = ["今日一题", "每日一题", "quiz"];
}
