using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Tests.Features.Regulations;

public sealed class QuestionAnalyzerTests
{
    [Theory]
    [InlineData("党章第七条", 7, "第七条")]
    [InlineData("党章第7条", 7, "第七条")]
    [InlineData("第一百二十三条是什么", 123, "第一百二十三条")]
    [InlineData("刑法第17条之一", 17, "第十七条之一")]
    public void Analyze_ArticleReference_NormalisesTheNumber(string question, int number, string label)
    {
        var analysed = QuestionAnalyzer.Analyze(question);

        Assert.Equal(number, analysed.ArticleNumber);
        Assert.Equal(label, analysed.ArticleLabel);
    }

    [Theory]
    [InlineData("党的思相路线是什么", "思想路线")]
    [InlineData("给党员记律处分", "纪律处分")]
    [InlineData("劳动和同", "劳动合同")]
    public void CorrectTypos_OneWrongCharacterInADictionaryWord_IsRepaired(string question, string repaired)
    {
        Assert.Contains(repaired, QuestionAnalyzer.CorrectTypos(question, documentFrequency: null), StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_EnglishQuestion_TranslatesGlossaryTerms()
    {
        var analysed = QuestionAnalyzer.Analyze("How long is the probationary period?");

        Assert.True(analysed.IsEnglish);
        Assert.Contains("预备期", analysed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_EnglishWordsOutsideTheGlossary_AreCountedAsUnknown()
    {
        var analysed = QuestionAnalyzer.Analyze("Where can I download the form?");

        Assert.Equal(2, analysed.UnknownEnglishWords);
    }

    [Fact]
    public void Analyze_EditionYear_IsDetected()
    {
        Assert.Equal(2017, QuestionAnalyzer.Analyze("2017年版党章第七条").Year);
    }
}
