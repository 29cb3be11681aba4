using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Cards;

namespace OrgLife.Bot.Tests.Features.StudyQuiz;

/// <summary>The question card: layout here, texts from the feature's resources, bound by the platform's templates.</summary>
internal sealed class StudyQuizCards(CardTemplates templates, IStringLocalizer<StudyQuizStrings> text)
{
    public const string QuestionTemplateName = "studyquiz/question";

    public const string QuestionTemplate = """
        {
          "type": "AdaptiveCard",
          "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
          "version": "1.5",
          "body": [
            { "type": "TextBlock", "text": "${title}", "weight": "Bolder", "size": "Medium", "wrap": true },
            { "type": "TextBlock", "text": "${question}", "wrap": true }
          ]
        }
        """;

    public JsonObject Question(StudyQuestion question) =>
        templates.Render(QuestionTemplateName, new { title = text["CardTitle"].Value, question = question.Text });
}
