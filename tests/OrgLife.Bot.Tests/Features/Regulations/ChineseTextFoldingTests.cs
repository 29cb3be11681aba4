using OrgLife.Bot.Features.Regulations.Retrieval;

namespace OrgLife.Bot.Tests.Features.Regulations;

public sealed class ChineseTextFoldingTests
{
    [Theory]
    [InlineData("黨員應當按月交納黨費", "党员应当按月交纳党费")]
    [InlineData("紀律處分", "纪律处分")]
    [InlineData("ＨＲ問我", "hr问我")]
    [InlineData("巡视全复盖", "巡视全覆盖")]
    public void Fold_TraditionalFullWidthAndVariants_BecomeStandard(string input, string expected)
    {
        Assert.Equal(expected, ChineseTextFolding.Fold(input));
    }

    [Fact]
    public void Fold_KeepsLength_SoOffsetsStayValid()
    {
        const string text = "黨章第七條（一）ＡＢＣ";

        Assert.Equal(text.Length, ChineseTextFolding.Fold(text).Length);
    }
}
