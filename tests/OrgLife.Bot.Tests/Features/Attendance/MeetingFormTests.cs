using System.Text.Json.Nodes;
using OrgLife.Bot.Features.Attendance;

namespace OrgLife.Bot.Tests.Features.Attendance;

public sealed class MeetingFormTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset Now = new(2026, 10, 1, 2, 0, 0, TimeSpan.Zero); // 10:00 in Shanghai

    private static MeetingForm Valid() => new("BranchCommittee", "十月支委会", "党员活动室", "2026-10-20", "19:30", "2026-10-20", "21:00", "2026-10-20", "18:00", "all", "");

    [Fact]
    public void Validate_ValidForm_GivesUtcTimesFromTheSecretarysZone()
    {
        var (draft, errors) = Valid().Validate(Shanghai, Now);

        Assert.Empty(errors);
        Assert.NotNull(draft);
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 11, 30, 0, TimeSpan.Zero), draft.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 13, 0, 0, TimeSpan.Zero), draft.EndsAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 10, 0, 0, TimeSpan.Zero), draft.RespondBy);
        Assert.Equal(MeetingType.BranchCommittee, draft.Type);
        Assert.True(draft.Everyone);
    }

    [Fact]
    public void Validate_NoDeadline_TakesAnswersUntilTheStart()
    {
        var (draft, _) = (Valid() with { DeadlineDate = "", DeadlineTime = "" }).Validate(Shanghai, Now);
        Assert.Equal(draft!.StartsAt, draft.RespondBy);
    }

    [Theory]
    [InlineData("EndBeforeStart")]
    [InlineData("DeadlineAfterStart")]
    [InlineData("EmptyTitle")]
    [InlineData("StartInPast")]
    [InlineData("NoChosenPeople")]
    public void Validate_InvalidForm_ListsTheProblem(string problem)
    {
        var (form, expected) = problem switch
        {
            "EndBeforeStart" => (Valid() with { EndTime = "19:00" }, "ErrorEndBeforeStart"),
            "DeadlineAfterStart" => (Valid() with { DeadlineTime = "20:00" }, "ErrorDeadlineAfterStart"),
            "EmptyTitle" => (Valid() with { Title = "  " }, "ErrorTitleRequired"),
            "StartInPast" => (Valid() with { StartDate = "2026-09-30", EndDate = "2026-09-30", DeadlineDate = "" , DeadlineTime = "" }, "ErrorStartInPast"),
            _ => (Valid() with { Audience = "chosen", People = "" }, "ErrorNoAttendees"),
        };

        var (draft, errors) = form.Validate(Shanghai, Now);

        Assert.Null(draft);
        Assert.Contains(expected, errors);
    }

    [Fact]
    public void From_ReadsInputsOfTheCard_AndKeepsThemForReRendering()
    {
        var data = new JsonObject { ["type"] = "PartyLecture", ["title"] = " 党课 ", ["startDate"] = "2026-10-20", ["startTime"] = "09:00", ["audience"] = "chosen", ["people"] = "29:a,29:b" };

        var form = MeetingForm.From(data);

        Assert.Equal("党课", form.Title);
        Assert.Equal("chosen", form.Audience);
        var (draft, errors) = (form with { EndTime = "10:00" }).Validate(Shanghai, Now);
        Assert.Empty(errors);
        Assert.Equal(["29:a", "29:b"], draft!.ChosenTeamsIds);
    }
}
