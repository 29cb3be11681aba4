using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Connector;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>Issue 12 (5): every meeting card links an .ics event; an online place gives a "join" button.</summary>
public sealed class MeetingCalendarTests
{
    [Fact]
    public async Task MeetingCard_LinksItsIcsEvent_AndJoinsAnOnlinePlace_TheEventFollowsACancellation()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var form = s.Form();
        form["place"] = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0";
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Create, form, "form-message");
        var meeting = await s.App.WithStoreAsync(db => db.Set<Meeting>().SingleAsync());

        var card = s.App.Connector.Activities.Last(a => a.Operation is ConnectorOperation.Reply or ConnectorOperation.Send).Activity.Attachments![0].Content!;
        var links = card["actions"]!.AsArray().Where(a => a!["type"]!.GetValue<string>() == "Action.OpenUrl")
            .ToDictionary(a => a!["title"]!.GetValue<string>(), a => a!["url"]!.GetValue<string>());
        Assert.Equal(form["place"]!.GetValue<string>(), links["加入线上会议"]);
        var ics = new Uri(links["加入日历"]);
        Assert.EndsWith(".ics", ics.AbsolutePath, StringComparison.Ordinal);

        using (var response = await s.App.Client.GetAsync(ics.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains("SUMMARY:十月支委会", text, StringComparison.Ordinal);
            Assert.Contains("DTSTART:" + meeting.StartsAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
            Assert.Contains("STATUS:CONFIRMED", text, StringComparison.Ordinal);
        }

        // Still there after a first download (unlike export links), and marked cancelled once the meeting is.
        await s.ExecuteAsync(TestUser.Alex, AttendanceVerbs.Cancel, new JsonObject { ["meetingId"] = meeting.Id });
        var cancelled = await s.App.Client.GetStringAsync(ics.PathAndQuery);
        Assert.Contains("STATUS:CANCELLED", cancelled, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1", cancelled, StringComparison.Ordinal);

        using var unknown = await s.App.Client.GetAsync(MeetingCalendar.RoutePrefix + "not-a-token.ics");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AMeetingRoom_GetsNoJoinButton()
    {
        await using var s = await AttendanceScenario.StartAsync();
        var meeting = await s.CreateMeetingAsync();

        var card = AttendanceScenario.Text(await s.ExecuteAsync(TestUser.Megan, AttendanceVerbs.Refresh, AttendanceScenario.Id(meeting)));

        Assert.DoesNotContain("加入线上会议", card, StringComparison.Ordinal);
        Assert.Contains("加入日历", card, StringComparison.Ordinal);
    }
}
