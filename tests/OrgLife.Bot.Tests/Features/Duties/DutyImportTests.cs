using OrgLife.Bot.Features.Duties;

namespace OrgLife.Bot.Tests.Features.Duties;

public sealed class DutyImportTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private static PersonMatch Find(string name) => name switch
    {
        "张三" => new PersonMatch(PersonMatchKind.Found, 1),
        "李书记" => new PersonMatch(PersonMatchKind.Found, 2),
        "王伟" => new PersonMatch(PersonMatchKind.Ambiguous, 0),
        _ => new PersonMatch(PersonMatchKind.Unknown, 0),
    };

    [Fact]
    public void Parse_ValidCsv_GivesDraftsInTheImportersZone()
    {
        var rows = DutyImport.ReadCsv("标题,负责人,责任领导,截止,重复,类别,说明\n交党费,张三,李书记,2026-12-15,每月,党费,\"按时, 足额\"\n年度述职,张三,,2026-12-31 10:00,yearly,,\n");

        var (drafts, problems) = DutyImport.Parse(rows, Find, Shanghai, Now);

        Assert.Empty(problems);
        Assert.Equal(2, drafts.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero), drafts[0].DueAt); // 18:00 Shanghai
        Assert.Equal(RecurrenceKind.Monthly, drafts[0].Recurrence);
        Assert.Equal("按时, 足额", drafts[0].Detail);
        Assert.Equal(0, drafts[1].LeaderUserId);
        Assert.Equal(RecurrenceKind.Yearly, drafts[1].Recurrence);
    }

    [Fact]
    public void Parse_AnyBadRow_ImportsNothing_AndReportsEveryProblemByRow()
    {
        var rows = DutyImport.ReadCsv("title,owner,leader,due,recurrence\nok,张三,,2026-12-15,\nbad,赵六,王伟,15/12/2026,sometimes\n,张三,,2026-12-15,\n");

        var (drafts, problems) = DutyImport.Parse(rows, Find, Shanghai, Now);

        Assert.Empty(drafts);
        Assert.Equal(
        [
            new ImportProblem(3, "ImportUnknownPerson", "赵六"),
            new ImportProblem(3, "ImportAmbiguousPerson", "王伟"),
            new ImportProblem(3, "ImportBadDate", "15/12/2026"),
            new ImportProblem(3, "ImportBadRecurrence", "sometimes"),
            new ImportProblem(4, "ImportNoTitle", ""),
        ], problems);
    }

    [Fact]
    public void Parse_MissingColumns_AreReported()
    {
        var (_, problems) = DutyImport.Parse(DutyImport.ReadCsv("title,leader\nx,张三\n"), Find, Shanghai, Now);

        Assert.Equal(["owner", "due"], problems.Select(p => p.Value));
    }

    [Fact]
    public void Xlsx_RoundTripsThroughExport()
    {
        var duty = ReminderPlannerTests.DutyDue(new DateTime(2026, 12, 15, 18, 0, 0));
        duty.Recurrence = RecurrenceKind.Monthly;
        var view = new DutyView(duty, "张三", "李书记", new DateTime(2026, 12, 15, 18, 0, 0), null, DutyLight.Blue, 0);

        var rows = DutyImport.ReadRows(DutyExport.Xlsx([view]));
        var (drafts, problems) = DutyImport.Parse(rows, Find, Shanghai, Now);

        Assert.Empty(problems);
        Assert.Equal("交党费", Assert.Single(drafts).Title);
        Assert.Equal(duty.DueAt, drafts[0].DueAt);
        Assert.Equal(RecurrenceKind.Monthly, drafts[0].Recurrence);
    }

    [Fact]
    public void Csv_Export_QuotesAndDefusesFormulas()
    {
        var duty = ReminderPlannerTests.DutyDue(new DateTime(2026, 12, 15, 18, 0, 0));
        duty.Title = "=HYPERLINK(\"x\")";
        var view = new DutyView(duty, "张三", "李书记", new DateTime(2026, 12, 15, 18, 0, 0), null, DutyLight.Blue, 0);

        var text = System.Text.Encoding.UTF8.GetString(DutyExport.Csv([view])).TrimStart('\uFEFF');
        var rows = CsvText.Read(text);

        Assert.Equal("'=HYPERLINK(\"x\")", rows[1][1]);
    }
}
