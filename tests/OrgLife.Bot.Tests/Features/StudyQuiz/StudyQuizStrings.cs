namespace OrgLife.Bot.Tests.Features.StudyQuiz;

/// <summary>Marker for the feature's resources (StudyQuizStrings.resx, StudyQuizStrings.en.resx).</summary>
internal sealed class StudyQuizStrings;
