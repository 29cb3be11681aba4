using OrgLife.Bot.Features.Duties;

namespace OrgLife.Bot.Tests.Features.Duties;

public sealed class RecurrenceTests
{
    [Theory]
    [InlineData("Weekly", 15, "2026-12-15T18:00", "2026-12-22T18:00")]
    [InlineData("Monthly", 15, "2026-12-15T18:00", "2027-01-15T18:00")]
    [InlineData("Monthly", 31, "2027-01-31T18:00", "2027-02-28T18:00")]
    [InlineData("Monthly", 31, "2027-02-28T18:00", "2027-03-31T18:00")]
    [InlineData("Quarterly", 30, "2026-11-30T09:00", "2027-02-28T09:00")]
    [InlineData("Yearly", 29, "2028-02-29T09:00", "2029-02-28T09:00")]
    public void Next_KeepsTheDayOfMonth_ClampedToShortMonths(string kindName, int day, string from, string expected)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(DateTime.Parse(expected, culture), Recurrence.Next(DateTime.Parse(from, culture), Enum.Parse<RecurrenceKind>(kindName), day));
    }

    [Fact]
    public void Next_OneOff_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Recurrence.Next(DateTime.MinValue, RecurrenceKind.None, 1));
}
