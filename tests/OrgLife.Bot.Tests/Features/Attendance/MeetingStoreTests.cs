using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Features.Attendance;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>The answer rules on a real SQLite file: last answer wins, duplicates change nothing, deadline and close refuse, nothing is lost under load.</summary>
public sealed class MeetingStoreTests
{
    [Fact]
    public async Task Respond_LastAnswerBeforeTheDeadlineWins()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(2);
        await using var db = fixture.NewContext();
        var store = fixture.NewStore(db);
        var user = fixture.UserIds[1];

        Assert.Equal(AnswerOutcome.Changed, await store.RespondAsync(meeting.Id, user, AttendanceResponse.Attend, null, CancellationToken.None));
        Assert.Equal(AnswerOutcome.Changed, await store.RespondAsync(meeting.Id, user, AttendanceResponse.Leave, "出差", CancellationToken.None));

        var row = await store.AttendeeAsync(meeting.Id, user, CancellationToken.None);
        Assert.Equal(AttendanceResponse.Leave, row!.Response);
        Assert.Equal("出差", row.LeaveReason);
        Assert.Equal(new MeetingCounts(2, 0, 1, 0), await store.CountAsync(meeting.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Respond_SameAnswerTwice_ChangesNothingAndAddsNoAuditRow()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(1);
        await using var db = fixture.NewContext();
        var store = fixture.NewStore(db);

        Assert.Equal(AnswerOutcome.Changed, await store.RespondAsync(meeting.Id, fixture.UserIds[0], AttendanceResponse.Leave, "出差", CancellationToken.None));
        Assert.Equal(AnswerOutcome.Unchanged, await store.RespondAsync(meeting.Id, fixture.UserIds[0], AttendanceResponse.Leave, "出差", CancellationToken.None));
        Assert.Equal(1, await store.AuditCountAsync(meeting.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Respond_LeaveWithoutReason_IsRefused()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(1);
        await using var db = fixture.NewContext();

        Assert.Equal(AnswerOutcome.ReasonRequired, await fixture.NewStore(db).RespondAsync(meeting.Id, fixture.UserIds[0], AttendanceResponse.Leave, " ", CancellationToken.None));
    }

    [Fact]
    public async Task Respond_AfterDeadlineOrClose_IsRefused()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(2);
        await using var db = fixture.NewContext();
        var store = fixture.NewStore(db);

        fixture.Clock.SetUtcNow(meeting.RespondBy.AddMinutes(1));
        Assert.Equal(AnswerOutcome.PastDeadline, await store.RespondAsync(meeting.Id, fixture.UserIds[0], AttendanceResponse.Attend, null, CancellationToken.None));

        fixture.Clock.SetUtcNow(meeting.StartsAt.AddMinutes(1));
        Assert.True(await store.CloseAsync(meeting.Id, fixture.UserIds[0], CancellationToken.None));
        Assert.Equal(AnswerOutcome.Closed, await store.RespondAsync(meeting.Id, fixture.UserIds[0], AttendanceResponse.Attend, null, CancellationToken.None));
        Assert.Equal(AnswerOutcome.Closed, await store.CheckInAsync(meeting.Id, fixture.UserIds[0], CancellationToken.None));
    }

    [Fact]
    public async Task Respond_ByAnOutsider_IsNotExpected()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(1);
        await using var db = fixture.NewContext();

        Assert.Equal(AnswerOutcome.NotExpected, await fixture.NewStore(db).RespondAsync(meeting.Id, 9999, AttendanceResponse.Attend, null, CancellationToken.None));
    }

    [Fact]
    public async Task CheckIn_OpensBeforeTheStart_ClosesAtTheEnd_OnlyOnce()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(1);
        await using var db = fixture.NewContext();
        var store = fixture.NewStore(db);
        var user = fixture.UserIds[0];

        Assert.Equal(AnswerOutcome.CheckInNotOpen, await store.CheckInAsync(meeting.Id, user, CancellationToken.None));
        fixture.Clock.SetUtcNow(meeting.CheckInOpensAt);
        Assert.Equal(AnswerOutcome.Changed, await store.CheckInAsync(meeting.Id, user, CancellationToken.None));
        Assert.Equal(AnswerOutcome.Unchanged, await store.CheckInAsync(meeting.Id, user, CancellationToken.None));
        fixture.Clock.SetUtcNow(meeting.EndsAt.AddSeconds(1));
        Assert.Equal(AnswerOutcome.CheckInOver, await store.CheckInAsync(meeting.Id, user, CancellationToken.None));
    }

    [Fact]
    public async Task Close_RecordsPresentLeaveAndAbsent_Once()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(3);
        await using var db = fixture.NewContext();
        var store = fixture.NewStore(db);
        var (present, leave, absent) = (fixture.UserIds[0], fixture.UserIds[1], fixture.UserIds[2]);
        await store.RespondAsync(meeting.Id, leave, AttendanceResponse.Leave, "病假", CancellationToken.None);
        await store.RespondAsync(meeting.Id, absent, AttendanceResponse.Attend, null, CancellationToken.None);
        fixture.Clock.SetUtcNow(meeting.StartsAt);
        await store.CheckInAsync(meeting.Id, present, CancellationToken.None);

        Assert.True(await store.CloseAsync(meeting.Id, present, CancellationToken.None));
        Assert.False(await store.CloseAsync(meeting.Id, present, CancellationToken.None));

        var roster = await store.RosterAsync(meeting.Id, CancellationToken.None);
        Assert.Equal(AttendanceOutcome.Present, roster.Single(r => r.UserId == present).Outcome);
        Assert.Equal(AttendanceOutcome.Leave, roster.Single(r => r.UserId == leave).Outcome);
        Assert.Equal(AttendanceOutcome.Absent, roster.Single(r => r.UserId == absent).Outcome);
    }

    [Fact]
    public async Task Respond_1000DistinctUsersAtOnce_LosesNothing()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(1000);

        var outcomes = await Task.WhenAll(fixture.UserIds.Select((user, i) => Task.Run(async () =>
        {
            await using var db = fixture.NewContext();
            var response = i % 10 == 0 ? AttendanceResponse.Leave : AttendanceResponse.Attend;
            return await fixture.NewStore(db).RespondAsync(meeting.Id, user, response, response == AttendanceResponse.Leave ? "出差" : null, CancellationToken.None);
        })));

        Assert.All(outcomes, o => Assert.Equal(AnswerOutcome.Changed, o));
        await using var check = fixture.NewContext();
        var store = fixture.NewStore(check);
        Assert.Equal(new MeetingCounts(1000, 900, 100, 0), await store.CountAsync(meeting.Id, CancellationToken.None));
        Assert.Equal(1000, await store.AuditCountAsync(meeting.Id, CancellationToken.None));
        Assert.Equal(1000, await check.Set<MeetingAttendee>().CountAsync(a => a.MeetingId == meeting.Id));
    }

    [Fact]
    public async Task ClaimAutoReminder_SucceedsOnceAcrossStores()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(2);
        await using var one = fixture.NewContext();
        await using var other = fixture.NewContext();

        // Two contexts stand for two instances: whoever claims first sends, the other does not, and it is no longer due.
        Assert.True(await fixture.NewStore(one).ClaimAutoReminderAsync(meeting.Id, CancellationToken.None));
        Assert.False(await fixture.NewStore(other).ClaimAutoReminderAsync(meeting.Id, CancellationToken.None));
        Assert.Empty(await fixture.NewStore(other).DueForAutoReminderAsync(meeting.RespondBy, meeting.CreatedAt, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ClaimAutoReminder_OfAClosedMeeting_Fails_AndAnAutomaticCloseAfterAManualOneToo()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(1);
        await using var db = fixture.NewContext();
        var store = fixture.NewStore(db);
        Assert.Single(await store.DueForAutoReminderAsync(meeting.RespondBy, meeting.CreatedAt, 10, CancellationToken.None));
        // Posted a moment ago: not due yet when the reminder must wait some hours after the announcement.
        Assert.Empty(await store.DueForAutoReminderAsync(meeting.RespondBy, meeting.CreatedAt.AddTicks(-1), 10, CancellationToken.None));

        // Not before the start: closing then would record everyone absent.
        Assert.False(await store.CloseAsync(meeting.Id, fixture.UserIds[0], CancellationToken.None));
        fixture.Clock.SetUtcNow(meeting.StartsAt);
        Assert.True(await store.CloseAsync(meeting.Id, fixture.UserIds[0], CancellationToken.None));

        Assert.False(await store.ClaimAutoReminderAsync(meeting.Id, CancellationToken.None));
        Assert.False(await store.CloseAsync(meeting.Id, null, CancellationToken.None));
        Assert.Empty(await store.EndedButOpenAsync(meeting.EndsAt.AddDays(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_Once_ThenNoAnswers_NoEdit_NoClose_NoReminder_AndNotInStatsOrHistory()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(2);
        await using var db = fixture.NewContext();
        var store = fixture.NewStore(db);
        await store.RespondAsync(meeting.Id, fixture.UserIds[1], AttendanceResponse.Attend, null, CancellationToken.None);

        Assert.True(await store.CancelAsync(meeting.Id, fixture.UserIds[0], "  改为线上学习 ", CancellationToken.None));
        Assert.False(await store.CancelAsync(meeting.Id, fixture.UserIds[0], "again", CancellationToken.None));

        var cancelled = (await store.FindAsync(meeting.Id, CancellationToken.None))!;
        Assert.Equal("改为线上学习", cancelled.CancelReason);
        Assert.Equal(AnswerOutcome.Cancelled, await store.RespondAsync(meeting.Id, fixture.UserIds[1], AttendanceResponse.Leave, "病假", CancellationToken.None));
        Assert.False(await store.EditAsync(new Meeting { Id = meeting.Id, Title = "新名称", Place = "x", StartsAt = meeting.StartsAt, EndsAt = meeting.EndsAt, RespondBy = meeting.RespondBy }, fixture.UserIds[0], CancellationToken.None));
        Assert.Empty(await store.DueForAutoReminderAsync(meeting.RespondBy, meeting.CreatedAt, 10, CancellationToken.None));
        fixture.Clock.SetUtcNow(meeting.EndsAt.AddDays(1));
        Assert.False(await store.CloseAsync(meeting.Id, null, CancellationToken.None));
        Assert.Empty(await store.EndedButOpenAsync(meeting.EndsAt.AddDays(1), 10, CancellationToken.None));
        Assert.Empty(await store.InScopeAsync(meeting.ScopeId, meeting.StartsAt.AddDays(-1), meeting.StartsAt.AddDays(1), CancellationToken.None));
        Assert.Empty(await store.HistoryAsync(fixture.UserIds[1], null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Edit_ChangesOnlyWhatDiffers_AndARepeatedSubmitChangesNothing()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var meeting = await fixture.MeetingAsync(1);
        await using var db = fixture.NewContext();
        var store = fixture.NewStore(db);
        var later = new Meeting
        {
            Id = meeting.Id, Type = meeting.Type, Title = meeting.Title, Place = "三楼会议室",
            StartsAt = meeting.StartsAt.AddDays(7), EndsAt = meeting.EndsAt.AddDays(7), RespondBy = meeting.RespondBy.AddDays(7), CheckInOpensAt = meeting.CheckInOpensAt.AddDays(7),
        };

        Assert.True(await store.EditAsync(later, fixture.UserIds[0], CancellationToken.None));
        Assert.False(await store.EditAsync(later, fixture.UserIds[0], CancellationToken.None));

        var saved = (await store.FindAsync(meeting.Id, CancellationToken.None))!;
        Assert.Equal(("三楼会议室", later.StartsAt, later.CheckInOpensAt), (saved.Place, saved.StartsAt, saved.CheckInOpensAt));
        Assert.Equal(1, await db.Set<AttendanceAuditEntry>().CountAsync(a => a.MeetingId == meeting.Id && a.Action == "edit"));
    }
}
