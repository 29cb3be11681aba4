using OrgLife.Bot.Features.Regulations.Answering;
using OrgLife.Bot.Features.Regulations.Library;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>Pure rules: markdown escaping and highlighting, curated-answer matching, edition dates, model-answer acceptance.</summary>
public sealed class AnswerFormattingTests
{
    [Fact]
    public void Highlight_BoldsTheTerms_AndEscapesMarkdown()
    {
        var text = ArticleMarkdown.Highlight("预备党员的预备期为一年*注*。", ["预备期", "一年", "期"]);

        Assert.Equal("预备党员的**预备期**为**一年**\\*注\\*。", text);
    }

    [Fact]
    public void Highlight_DoesNotSpanLineBreaks_OrEscapeLeadingListMarkers()
    {
        var text = ArticleMarkdown.Highlight("（一）学习党章\n- 交纳党费", ["党章", "交纳党费"]);

        Assert.Equal("（一）学习**党章**\n\\- **交纳党费**", text);
    }

    [Fact]
    public void SharedWords_AreTheQuestionsWordsFoundInTheArticle()
    {
        Assert.Equal(["预备期", "一年"], ArticleMarkdown.SharedWords("预备期是不是一年？", "预备党员的预备期为一年。"));
    }

    [Fact]
    public void Escape_NeutralisesLinksAndHeadings()
    {
        Assert.Equal("\\[点我\\]\\(http://x\\) \\#1", ArticleMarkdown.Escape("[点我](http://x) #1"));
    }

    [Theory]
    [InlineData("单位食堂几点开门？", "单位食堂几点开门", true)]
    [InlineData("单位食堂几点开门？", "食堂几点开门", true)]
    [InlineData("单位食堂几点开门？", "党费怎么交", false)]
    public void CuratedAnswerKeys_MatchTheSameQuestionWorded_Nearly(string saved, string asked, bool same)
    {
        var a = CuratedAnswers.MatchKey(saved);
        var b = CuratedAnswers.MatchKey(asked);

        Assert.Equal(same, a == b || CuratedAnswers.Similarity(a, b) >= 0.8);
    }

    [Theory]
    [InlineData("中国共产党第二十次全国代表大会部分修改，2022年10月22日通过", 2022, 10, 22)]
    [InlineData("1997年2月1日发布，2019年 9 月 3 日修订", 2019, 9, 3)]
    public void EditionDate_IsTheLatestDateOfTheLine(string edition, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), KnowledgeImporter.EditionDate(edition));
    }

    [Fact]
    public void EditionDate_IsNullWithoutADate()
    {
        Assert.Null(KnowledgeImporter.EditionDate("示例党支部委员会制定"));
    }
}
