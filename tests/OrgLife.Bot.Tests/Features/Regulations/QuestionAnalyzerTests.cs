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

    [Fact]
    public void Analyze_QuestionWords_AreLeftOut()
    {
        var analysed = QuestionAnalyzer.Analyze("预备党员的预备期是多长时间呢？");

        Assert.DoesNotContain("呢", analysed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("的", analysed.Text, StringComparison.Ordinal);
        Assert.Contains("预备期", analysed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ThesaurusSynonyms_AreSearchedAtALowerWeight()
    {
        // Cilin lists 开除 and 除名 as one meaning: a question in either word also searches the other.
        var analysed = QuestionAnalyzer.Analyze("什么情况会被开除");

        Assert.Contains(analysed.FocusWords, forms => forms[0] == "开除" && forms.Contains("除名"));
        Assert.Contains(analysed.Terms, t => !t.IsOriginal && t.Key == QueryTerms.Bigram('除', '名'));
    }

    [Fact]
    public void Analyze_EnglishQuestion_KeepsContentWordsForTheTranslation()
    {
        var analysed = QuestionAnalyzer.Analyze("How long is the probationary period?");

        Assert.True(analysed.IsEnglish);
        Assert.Contains(analysed.FocusWords, forms => forms[0] == "probationary");
        Assert.Contains(analysed.FocusWords, forms => forms[0] == "period");
        Assert.DoesNotContain(analysed.FocusWords, forms => forms[0] == "the");
    }

    [Fact]
    public void Analyze_EditionYear_IsDetected()
    {
        Assert.Equal(2017, QuestionAnalyzer.Analyze("2017年版党章第七条").Year);
    }
}
