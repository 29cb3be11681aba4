using OrgLife.Bot.Features.Regulations.Knowledge;
using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Tests.Features.Regulations;

public sealed class RegulationIndexTests
{
    // Written for these tests (not an official text), in the layout of the real documents.
    private const string Charter = """
        # 示例协会章程

        示例协会第二次会员代表大会修订，2023年5月1日通过

        ## 总纲

        本会的最高理想是服务全体会员。

        ## 第一章 会员

        第一条 年满十八岁、承认本章程的，可以申请加入本会。

        第二条 申请入会，必须有两名正式会员作介绍人。

        第三条 预备会员的预备期为一年。预备会员没有表决权、选举权和被选举权。

        第四条 会员应当按月交纳会费。连续六个月不交纳会费的，视为自行退会。

        ## 第二章 纪律

        第五条 对会员的纪律处分有五种：警告、严重警告、撤销职务、留会察看、开除会籍。

        第六条 会员大会每五年举行一次，由理事会召集。

        第七条 协会的会旗为红色旗帜，旗面缀有金黄色会徽图案。
        """;

    private const string OldCharter = """
        # 示例协会章程

        示例协会第一次会员代表大会通过，2018年3月1日通过

        第三条 预备会员的预备期为六个月。
        """;

    private static readonly RegulationIndex Index = RegulationIndex.Build(
    [
        RegulationParser.ParseText("charter-2023.md", Charter),
        RegulationParser.ParseText("charter-2018.md", OldCharter),
        SampleRegulations.LoadBranchRules(),
    ]);

    [Theory]
    [InlineData("预备会员的预备期为多长时间？", "第三条")]
    [InlineData("会员大会每几年举行一次？", "第六条")]
    [InlineData("纪律处分有哪几种？", "第五条")]
    [InlineData("申请入会要几个介绍人？", "第二条")]
    public void Search_ParaphrasedQuestion_RanksTheAnsweringArticleFirst(string question, string label)
    {
        var result = Index.Search(question);

        Assert.False(result.NotCovered);
        Assert.Equal(label, result.Best!.Article.Label);
        Assert.Equal("示例协会章程", result.Best.Document.Title);
    }

    [Fact]
    public void Search_Hit_CarriesCitationEditionAndMatchedTerms()
    {
        var best = Index.Search("预备会员的预备期为多长时间？").Best!;

        Assert.Equal("《示例协会章程》第三条", best.Citation);
        Assert.Equal("《示例协会章程》第三条（示例协会第二次会员代表大会修订，2023年5月1日通过）", best.CitationWithEdition);
        Assert.Contains(best.MatchedTerms, t => t.Contains("预备", StringComparison.Ordinal));
        Assert.InRange(best.Confidence, 0.5, 1.0);
    }

    [Theory]
    [InlineData("示例协会章程第七条")]
    [InlineData("示例协会章程第7条讲什么")]
    [InlineData("《示例协会章程》 第 七 条")]
    public void Search_NamedArticle_ReturnsItByDirectLookup(string question)
    {
        var best = Index.Search(question).Best!;

        Assert.True(best.IsDirectLookup);
        Assert.Equal("第七条", best.Article.Label);
        Assert.Equal(1.0, best.Confidence);
    }

    [Fact]
    public void Search_ArticleNumberOnly_UsesTheCallersContextDocument()
    {
        var inCharter = Index.Search("第三条呢？", SearchOptions.Default with { ContextDocumentTitle = "示例协会章程" }).Best!;
        var inRules = Index.Search("第三条呢？", SearchOptions.Default with { ContextDocumentTitle = "《示例党支部组织生活实施细则》" }).Best!;

        Assert.Equal("《示例协会章程》第三条", inCharter.Citation);
        Assert.Equal("《示例党支部组织生活实施细则》第三条", inRules.Citation);
    }

    [Fact]
    public void Search_NumberOnlyWithoutContext_OffersEachDocumentThatHasIt()
    {
        var result = Index.Search("第六条");

        Assert.False(result.NotCovered);
        Assert.Equal(2, result.Hits.Count);
        Assert.All(result.Hits, h => Assert.True(h.IsDirectLookup));
        Assert.All(result.Hits, h => Assert.Equal("第六条", h.Article.Label));
    }

    [Fact]
    public void Search_NewerEdition_SupersedesOlderUnlessTheYearIsNamed()
    {
        var current = Index.Search("预备会员的预备期是多久？").Best!;
        var old = Index.Search("2018年版示例协会章程里预备会员的预备期是多久？").Best!;

        Assert.Equal(2023, current.Document.EditionYear);
        Assert.Equal(2018, old.Document.EditionYear);
        Assert.Contains("六个月", old.Article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_TraditionalCharacters_FoldToSimplified()
    {
        var best = Index.Search("會員大會每幾年舉行一次？").Best!;

        Assert.Equal("第六条", best.Article.Label);
    }

    [Theory]
    [InlineData("会员的记律处分有哪几种？", "第五条")]
    [InlineData("一个月要交纳会废吗？", "第四条")]
    public void Search_OneWrongCharacter_StillFindsTheArticle(string question, string label)
    {
        var best = Index.Search(question).Best!;

        Assert.Equal(label, best.Article.Label);
    }

    [Fact]
    public void Search_MissingCharacter_StillFindsTheArticle()
    {
        var best = Index.Search("预备会员有没有表决和选举权？").Best!;

        Assert.Equal("第三条", best.Article.Label);
    }

    // Written for these tests: an English rendering of the charter above, aligned by article number.
    private const string CharterEnglish = """
        # Charter of the Sample Association

        ## General Program

        The highest ideal of the association is to serve all its members.

        ## Chapter I. Members

        Article 1: Anyone who has reached the age of eighteen and accepts this charter may apply to join.

        Article 2: An applicant must have two full members as sponsors.

        Article 3: The probationary period of a probationary member is one year. Probationary members have no right to vote, elect, or stand for election.

        Article 4: Members pay dues every month. A member who fails to pay dues for six consecutive months is regarded as having left.

        Article 5: There are five disciplinary measures: warning, serious warning, removal from post, probation, and expulsion.

        Article 6: The general meeting is held once every five years and convened by the council.

        Article 7: The flag of the association is a red flag bearing the golden emblem.
        """;

    [Theory]
    [InlineData("Can a probationary member vote in elections?", "第三条")]
    [InlineData("What are the disciplinary measures?", "第五条")]
    [InlineData("What does the flag look like?", "第七条")]
    public void Search_EnglishQuestion_MatchesTheTranslationAndCitesTheChineseArticle(string question, string label)
    {
        var document = RegulationTranslation.Attach(RegulationParser.ParseText("charter-2023.md", Charter), CharterEnglish, "charter.en.md");
        var index = RegulationIndex.Build([document]);

        var result = index.Search(question);

        Assert.False(result.NotCovered);
        Assert.Equal(label, result.Best!.Article.Label);
        Assert.Equal("示例协会章程", result.Best.Document.Title);
        Assert.NotNull(result.Best.Article.Translation);
    }

    [Fact]
    public void Attach_Translation_AlignsArticlesByNumberAndPreambleByParagraph()
    {
        var document = RegulationTranslation.Attach(RegulationParser.ParseText("charter-2023.md", Charter), CharterEnglish, "charter.en.md");

        Assert.StartsWith("The probationary period", document.Articles.Single(a => a.Label == "第三条").Translation, StringComparison.Ordinal);
        Assert.StartsWith("The highest ideal", document.Articles.Single(a => a.IsPreamble).Translation, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_EnglishQuestionWithoutTranslation_IsNotCovered()
    {
        Assert.True(Index.Search("Can a probationary member vote in elections?").NotCovered);
    }

    [Theory]
    [InlineData("退休以后养老金每月发多少？")]
    [InlineData("个人所得税的起征点是多少？")]
    [InlineData("How do I file my income tax return?")]
    public void Search_QuestionOutsideTheDocuments_IsNotCovered(string question)
    {
        var result = Index.Search(question);

        Assert.True(result.NotCovered);
        Assert.Null(result.Best);
    }

    [Fact]
    public void Search_SynonymForCollectiveTerm_FindsSampleRules()
    {
        var best = Index.Search("三会一课指的是哪些会？").Best!;

        Assert.Equal("《示例党支部组织生活实施细则》第四条", best.Citation);
    }

    [Fact]
    public void Search_PreambleQuestion_CitesTheGeneralProgramme()
    {
        var best = Index.Search("本会的最高理想是什么？").Best!;

        Assert.Equal("《示例协会章程》总纲", best.Citation);
    }

    [Fact]
    public void Build_SameDocumentTwice_IndexesItOnce()
    {
        var document = RegulationParser.ParseText("charter.md", Charter);

        var index = RegulationIndex.Build([document, document with { SourceName = "copy.md" }]);

        Assert.Single(index.Documents);
    }

    [Fact]
    public async Task Search_ConcurrentReaders_GetTheSameAnswers()
    {
        string[] questions = ["预备会员的预备期为多长时间？", "会员大会每几年举行一次？", "纪律处分有哪几种？", "三会一课指的是哪些会？"];
        var expected = questions.Select(q => Index.Search(q).Best!.Citation).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => Index.Search(questions[i % questions.Length]).Best!.Citation)));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % questions.Length], results[i]);
        }
    }

    [Fact]
    public void Replace_SwapsTheIndexReadersSee()
    {
        var library = new RegulationLibrary();
        Assert.Empty(library.Current.Documents);

        library.Replace(Index);

        Assert.Same(Index, library.Current);
    }

    [Fact]
    public void Find_TitleAndNumber_ReturnsNewestEdition()
    {
        var article = Index.Find("示例协会章程", 3);

        Assert.NotNull(article);
        Assert.Contains("一年", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_AnotherDocumentUsingTheQuestionsOtherWords_LeavesTheAnswersConfidenceAlone()
    {
        // A colloquial word of the question ("转正", "工龄") that only an unrelated law says must not count against the
        // charter's article: the same question is no less confident among more documents than with the charter alone
        // (IDFs shift a little with the index, so not to the last digit).
        const string Law = """
            # 示例劳动条例

            第一条 劳动者转正后，工龄自入职之日起计算。
            """;
        const string Question = "转正以后预备会员的预备期工龄算多长时间？";
        var alone = RegulationIndex.Build([RegulationParser.ParseText("charter-2023.md", Charter)]).Search(Question);
        var among = RegulationIndex.Build([RegulationParser.ParseText("charter-2023.md", Charter), RegulationParser.ParseText("law.md", Law)]).Search(Question);

        Assert.Equal("第三条", alone.Hits[0].Article.Label);
        Assert.Equal("第三条", among.Hits[0].Article.Label);
        Assert.True(among.Hits[0].Confidence >= alone.Hits[0].Confidence - 0.02, $"{among.Hits[0].Confidence:F3} among, {alone.Hits[0].Confidence:F3} alone");
    }
}
