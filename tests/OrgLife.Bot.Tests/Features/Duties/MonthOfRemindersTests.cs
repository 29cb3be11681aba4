using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Duties;

namespace OrgLife.Bot.Tests.Features.Duties;

/// <summary>A month of fake time through the real host and store: every planned reminder goes out once, at the right local time.</summary>
public sealed class MonthOfRemindersTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public async Task Month_WithRecurringDuties_SendsEachReminderOnce_OnWorkdayMornings_LocalTime()
    {
        // Tuesday 1 December 2026, 00:00 in Shanghai.
        await using var host = await DutiesHost.StartAsync(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero));
        var (scope, people) = await host.SeedAsync(("张三", "Asia/Shanghai"), ("Sam", "Europe/London"), ("李书记", null));
        long zhang = people[0], sam = people[1], leader = people[2];
        var created = await host.CreateAsync(scope, leader,
            DutiesHost.Draft("每月15日前交党费", zhang, leader, new DateTime(2026, 12, 15, 18, 0, 0), RecurrenceKind.Monthly),
            DutiesHost.Draft("周例会纪要", sam, leader, new DateTime(2026, 12, 4, 17, 0, 0), RecurrenceKind.Weekly, London),
            DutiesHost.Draft("年度述职", zhang, leader, new DateTime(2026, 12, 10, 18, 0, 0)),
            DutiesHost.Draft("每季度召开党员大会", zhang, leader, new DateTime(2027, 2, 26, 18, 0, 0), RecurrenceKind.Quarterly));
        var monthly = created[0].Id;
        var weekly = created[1].Id;
        var annual = created[2].Id;

        var completed = new HashSet<long>();
        var end = host.Clock.GetUtcNow().AddDays(31);
        while (host.Clock.GetUtcNow() < end)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(15));
            await host.RunAsync();
            // Recurring owners finish on the due day, as soon as that day's reminder arrives.
            foreach (var due in (await host.RemindersAsync()).Where(r => r.Stage == ReminderStage.DueDay && r.State == ReminderState.Sent && completed.Add(r.Id)))
            {
                await host.WithAsync(async sp =>
                {
                    var workflow = sp.GetRequiredService<DutyWorkflow>();
                    var duty = (await workflow.FindAsync(due.DutyId, CancellationToken.None))!;
                    return duty.Recurrence == RecurrenceKind.None ? default : await workflow.CompleteAsync(duty, duty.OwnerUserId, "已完成", CancellationToken.None);
                });
            }
        }

        var reminders = await host.RemindersAsync();
        var duties = await host.DutiesAsync();
        var sent = reminders.Where(r => r.State == ReminderState.Sent).ToList();
        var zoneOf = new Dictionary<long, TimeZoneInfo> { [zhang] = DutiesHost.Shanghai, [sam] = London, [leader] = DutiesHost.Shanghai };
        long RecipientOf(DutyReminder r) => r.RecipientUserId != 0 ? r.RecipientUserId : duties.Single(d => d.Id == r.DutyId).OwnerUserId;
        DateTime LocalSent(DutyReminder r) => LocalTime.ToLocal(r.SentAt!.Value, zoneOf[RecipientOf(r)]);

        // Sent once: the messenger saw exactly the rows marked sent.
        Assert.Equal(sent.Count, host.Messenger!.Sent.Count);
        // Planned reminders go out within a tick of 09:00 on workdays, in the recipient's zone; assignments
        // (made at midnight Shanghai) wait for the end of quiet hours.
        foreach (var r in sent)
        {
            var local = LocalSent(r);
            Assert.False(local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"{r.Stage} of duty {r.DutyId} sent on {local:dddd}");
            Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(8), TimeSpan.FromHours(22));
            if (r.Stage is not ReminderStage.Assigned)
            {
                Assert.True(local.TimeOfDay >= TimeSpan.FromHours(9) && local.TimeOfDay <= new TimeSpan(9, 15, 0), $"{r.Stage} of duty {r.DutyId} to {RecipientOf(r)} sent at {local:yyyy-MM-dd HH:mm}");
            }
        }

        // Never two owner reminders for one duty on one local day.
        var ownerStages = new[] { ReminderStage.Before, ReminderStage.DueDay, ReminderStage.Overdue, ReminderStage.Snoozed };
        Assert.All(sent.Where(r => ownerStages.Contains(r.Stage)).GroupBy(r => (r.DutyId, LocalSent(r).Date)), g => Assert.Single(g));

        // The one-off duty nobody finished: assigned (at the end of quiet hours), 3 and 1 days before, the due day, five workday reminders, the leader on Monday.
        Assert.Equal(
        [
            (ReminderStage.Assigned, new DateTime(2026, 12, 1)),
            (ReminderStage.Before, new DateTime(2026, 12, 7)),
            (ReminderStage.Before, new DateTime(2026, 12, 9)),
            (ReminderStage.DueDay, new DateTime(2026, 12, 10)),
            (ReminderStage.Overdue, new DateTime(2026, 12, 11)),
            (ReminderStage.Overdue, new DateTime(2026, 12, 14)),
            (ReminderStage.Escalation, new DateTime(2026, 12, 14)),
            (ReminderStage.Overdue, new DateTime(2026, 12, 15)),
            (ReminderStage.Overdue, new DateTime(2026, 12, 16)),
            (ReminderStage.Overdue, new DateTime(2026, 12, 17)),
        ], sent.Where(r => r.DutyId == annual).OrderBy(r => r.SentAt).ThenBy(r => r.Stage).Select(r => (r.Stage, LocalSent(r).Date)));
        Assert.Equal(leader, sent.Single(r => r.DutyId == annual && r.Stage == ReminderStage.Escalation).RecipientUserId);

        // Recurring series: completing each occurrence created the next one.
        var weeklySeries = duties.Where(d => d.SeriesId == weekly).OrderBy(d => d.Sequence).ToList();
        Assert.Equal(
            [new DateTime(2026, 12, 4, 17, 0, 0), new DateTime(2026, 12, 11, 17, 0, 0), new DateTime(2026, 12, 18, 17, 0, 0), new DateTime(2026, 12, 25, 17, 0, 0), new DateTime(2027, 1, 1, 17, 0, 0)],
            weeklySeries.Select(d => LocalTime.ToLocal(d.DueAt, London)));
        Assert.All(weeklySeries.SkipLast(1), d => Assert.Equal(DutyStatus.Done, d.Status));
        var monthlySeries = duties.Where(d => d.SeriesId == monthly).OrderBy(d => d.Sequence).ToList();
        Assert.Equal(new DateTime(2027, 1, 15, 18, 0, 0), LocalTime.ToLocal(monthlySeries[^1].DueAt, DutiesHost.Shanghai));

        // The leader's weekly digest: every Monday of the month.
        Assert.Equal(
            [new DateTime(2026, 12, 7), new DateTime(2026, 12, 14), new DateTime(2026, 12, 21), new DateTime(2026, 12, 28)],
            sent.Where(r => r.Stage == ReminderStage.Digest).Select(r => LocalSent(r).Date).Order());

        // Overdue turned red and is in the audit trail; nothing left claimed.
        Assert.Equal(DutyStatus.Overdue, duties.Single(d => d.Id == annual).Status);
        Assert.DoesNotContain(reminders, r => r.LeaseOwner is not null);
    }
}
