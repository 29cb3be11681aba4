using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Tests.Features.Regulations;

public sealed class ChineseNumeralsTests
{
    [Theory]
    [InlineData("七", 7)]
    [InlineData("十", 10)]
    [InlineData("十五", 15)]
    [InlineData("二十", 20)]
    [InlineData("五十五", 55)]
    [InlineData("一百", 100)]
    [InlineData("一百零五", 105)]
    [InlineData("一百一十", 110)]
    [InlineData("一百二十三", 123)]
    [InlineData("两千", 2000)]
    [InlineData("一千二百六十", 1260)]
    [InlineData("123", 123)]
    public void Parse_ChineseOrArabic_ReturnsNumber(string text, int expected)
    {
        Assert.Equal(expected, ChineseNumerals.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("条")]
    [InlineData("七a")]
    public void Parse_NotANumber_ReturnsNull(string text)
    {
        Assert.Null(ChineseNumerals.Parse(text));
    }

    [Theory]
    [InlineData(7, "第七条")]
    [InlineData(10, "第十条")]
    [InlineData(15, "第十五条")]
    [InlineData(30, "第三十条")]
    [InlineData(105, "第一百零五条")]
    [InlineData(110, "第一百一十条")]
    [InlineData(123, "第一百二十三条")]
    [InlineData(1260, "第一千二百六十条")]
    public void ArticleLabel_Number_FormatsOfficialLabel(int number, string expected)
    {
        Assert.Equal(expected, ChineseNumerals.ArticleLabel(number));
    }

    [Fact]
    public void FormatThenParse_RoundTripsEveryArticleNumber()
    {
        for (var n = 1; n <= 1300; n++)
        {
            Assert.Equal(n, ChineseNumerals.Parse(ChineseNumerals.Format(n)));
        }
    }
}
