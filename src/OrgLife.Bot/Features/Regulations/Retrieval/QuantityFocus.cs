using System.Text.RegularExpressions;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// "几天 / 多少年 / 多久 / 百分之几 / 比例" questions ask for an amount; an article with no amount of that kind
/// cannot answer them even when it shares every other word (a leave is mentioned in wage rules that never say
/// how many days it lasts). Used to lower both rank and confidence of such articles.
/// </summary>
internal static partial class QuantityFocus
{
    /// <summary>Factor applied to an article that lacks the asked-for amount.</summary>
    public const double MissingAmountFactor = 0.4;

    /// <summary>The kind of amount the question asks for, or null if it asks for none.</summary>
    public static Regex? AmountAsked(string question)
    {
        if (FrequencyQuestion().IsMatch(question))
        {
            return FrequencyAmount();
        }

        if (RatioQuestion().IsMatch(question))
        {
            return RatioAmount();
        }

        if (DayQuestion().IsMatch(question))
        {
            return DayAmount();
        }

        if (DurationQuestion().IsMatch(question))
        {
            return DurationAmount();
        }

        return CountQuestion().IsMatch(question) ? AnyAmount() : null;
    }

    // "多久开一次会" asks how often, which a term of office (每届任期三年) does not answer.
    [GeneratedRegex("多久.{0,4}一次|多长时间.{0,4}一次|开几次|几次会|多久开|多久召开|多久举行|频率|多久一次")]
    private static partial Regex FrequencyQuestion();

    [GeneratedRegex(@"每(年|月|季度|季|周|半年|星期|[零一二两三四五六七八九十几\d]+个?(年|月|季度|周|天|日))[^。；]{0,10}(次|举行|召开)|[一两二三四五六\d]+(年|月|季度|周)[一两二三\d]次")]
    private static partial Regex FrequencyAmount();

    [GeneratedRegex("比例|百分之几|百分比|多少钱|多少工资")]
    private static partial Regex RatioQuestion();

    [GeneratedRegex("几天|多少天|几日|多少日")]
    private static partial Regex DayQuestion();

    [GeneratedRegex("多久|多长时间|多长|几年|多少年|几个月|多少个月|几周")]
    private static partial Regex DurationQuestion();

    [GeneratedRegex("几次|几个|几名|几位|多少人|多少名|多少个|几岁|多少岁|几届|怎么算|如何计算|怎么计算")]
    private static partial Regex CountQuestion();

    [GeneratedRegex(@"百分之|%|[零一二两三四五六七八九十百千万\d]+\s*(倍|元)")]
    private static partial Regex RatioAmount();

    [GeneratedRegex(@"[零一二两三四五六七八九十百千万半\d]+\s*(天|日)")]
    private static partial Regex DayAmount();

    [GeneratedRegex(@"[零一二两三四五六七八九十百千万半\d]+\s*(个)?\s*(年|月|日|天|周|小时|季度)")]
    private static partial Regex DurationAmount();

    [GeneratedRegex(@"[零一二两三四五六七八九十百千万半\d]+\s*(个)?\s*(年|月|日|天|周|次|人|名|位|届|岁|种|项|小时|倍|元)|百分之")]
    private static partial Regex AnyAmount();
}
