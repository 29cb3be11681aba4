using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;
using OrgLife.Testing.Gating;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>Two bot instances on one PostgreSQL database and one clock: each automatic reminder and close happens once.</summary>
public sealed class AttendanceTwoInstancesTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [RequiresFact(Requirement.PostgreSql)]
    public async Task TwoInstances_RemindEachNonResponderOnce_AndCloseOnce()
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var first = await AttendanceScenario.StartAsync(clock, store: TestStore.Postgres);
        var connectionString = first.App.Services.GetRequiredService<IOptions<StoreOptions>>().Value.ConnectionString;
        await using var second = await AttendanceScenario.StartAsync(clock, new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Postgres",
            ["Store:ConnectionString"] = connectionString,
        }, install: false);
        var meeting = await first.CreateMeetingAsync();
        await first.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Attend, AttendanceScenario.Id(meeting));

        await first.TickAtAsync(meeting.RespondBy - new AttendanceOptions().AutoRemindBefore, second);
        await first.TickAtAsync(meeting.RespondBy - TimeSpan.FromHours(1), second);

        // The stored conversations point at the first instance's connector: every send lands there.
        Assert.Equal([TestUser.Lee.Id], first.RemindedUsers());
        Assert.Empty(second.App.Connector.Activities);

        await first.TickAtAsync(meeting.EndsAt + new AttendanceOptions().AutoCloseAfter, second);
        await first.TickAtAsync(meeting.EndsAt + TimeSpan.FromHours(5), second);

        Assert.Single(first.Summaries());
        Assert.Equal(1, await first.App.WithStoreAsync(db => db.Set<AttendanceAuditEntry>().CountAsync(a => a.MeetingId == meeting.Id && a.Action == "auto-close")));
    }
}
