using OrgLife.Bot.Features.Regulations.Answering;
using OrgLife.Bot.Features.Regulations.Library;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>Pure rules: article layout and highlighting, follow-ups, curated-answer matching, edition dates, model-answer acceptance.</summary>
public sealed class AnswerFormattingTests
{
    [Fact]
    public void Paragraphs_KeepLinesAndNumberedItems_AndHighlightTheTerms()
    {
        var paragraphs = ArticleLayout.Paragraphs("党员必须履行下列义务：\n（一）认真学习党章；\n（二）交纳党费。", ["党章", "交纳党费"]);

        Assert.Equal(3, paragraphs.Count);
        Assert.Equal("（一）认真学习党章；", string.Concat(paragraphs[1].Select(r => r.Text)));
        Assert.Equal(["党章"], paragraphs[1].Where(r => r.Highlighted).Select(r => r.Text));
        Assert.Equal(["交纳党费"], paragraphs[2].Where(r => r.Highlighted).Select(r => r.Text));
    }

    [Fact]
    public void Highlights_EndOnWholeWords_NotInsideOne()
    {
        // "党小组会一年开几次" shares 党小组会一 with the article, but 一 belongs to 一般 there.
        const string text = "第七条 党小组会一般每月召开一次。支部委员会会议一般每月召开一次。支部党员大会一般每季度召开一次。";
        var terms = ArticleLayout.SharedWords("党小组会一年开几次", text);

        var highlighted = ArticleLayout.Paragraphs(text, terms).SelectMany(p => p).Where(r => r.Highlighted).Select(r => r.Text).ToList();

        Assert.Contains("党小组会", highlighted);
        Assert.DoesNotContain("党小组会一", highlighted);
    }

    [Fact]
    public void DirectAnswer_IsTheSentenceHoldingTheQuestionsWords_CutFromTheArticle()
    {
        const string text = "预备党员的预备期为一年。党组织对预备党员应当认真教育和考察。";

        Assert.Equal("预备党员的预备期为一年。", ArticleLayout.DirectAnswer(text, ["预备期"]));
        Assert.Null(ArticleLayout.DirectAnswer("党小组会一般每月召开一次。", ["党小组会"]));
    }

    [Fact]
    public void SharedWords_AreTheQuestionsWordsFoundInTheArticle()
    {
        Assert.Equal(["预备期", "一年"], ArticleLayout.SharedWords("预备期是不是一年？", "预备党员的预备期为一年。"));
    }

    [Theory]
    [InlineData("第几条规定的？", true)]
    [InlineData("这是哪一条？", true)]
    [InlineData("Which article is that?", true)]
    [InlineData("党章第几条规定了入党年龄？", false)]
    [InlineData("预备期多长时间？", false)]
    public void ArticleFollowUp_IsOnlyTheBareAskForTheSource(string message, bool followUp)
    {
        Assert.Equal(followUp, ArticleFollowUp.IsAsked(message));
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
