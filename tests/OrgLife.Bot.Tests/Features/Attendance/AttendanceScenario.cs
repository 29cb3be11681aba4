using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Protocol.Schema;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>
/// The host with a group chat of three (Alex installed the app and is admin, so he may act as secretary;
/// Megan and 李明 are members), the members API answering that roster, and a manual clock.
/// Unauthenticated: the clock travels to deadlines and check-in windows, which real tokens would not survive.
/// </summary>
internal sealed class AttendanceScenario : IAsyncDisposable
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private AttendanceScenario(BotApplication app, ManualTimeProvider clock)
    {
        App = app;
        Clock = clock;
    }

    public BotApplication App { get; }
    public ManualTimeProvider Clock { get; }
    public TestConversation Chat { get; } = TestConversation.GroupChat;

    /// <summary>
    /// A new host. <paramref name="clock"/> and a <c>Store:DataFolder</c> (or PostgreSQL connection) in
    /// <paramref name="settings"/> let a second host share the first one's time and store: a restart, or a second
    /// instance. <paramref name="install"/>: the app is added to the chat (false when the store already knows it).
    /// </summary>
    public static async Task<AttendanceScenario> StartAsync(
        ManualTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null, TestStore store = TestStore.Sqlite, bool install = true)
    {
        clock ??= new ManualTimeProvider(DateTimeOffset.UtcNow);
        var app = await BotApplication.StartAsync(store, authenticated: false, settings: settings, services: s => s.AddSingleton<TimeProvider>(clock));
        app.Connector.SetMembers(TestConversation.GroupChat.Id, Member(TestUser.Alex), Member(TestUser.Megan), Member(TestUser.Lee));
        var scenario = new AttendanceScenario(app, clock);
        if (install)
        {
            await app.SendAsync(TeamsActivity.InstallationUpdate(app, TestUser.Alex, scenario.Chat, "add"));
        }
        else
        {
            // Creating the client started the host (migrations, the automation's timer).
            await app.WithStoreAsync(db => db.Database.CanConnectAsync());
        }

        return scenario;
    }

    public MeetingAutomationLoop Automation => App.Services.GetRequiredService<MeetingAutomationLoop>();

    public TimeSpan TickInterval => App.Services.GetRequiredService<IOptions<AttendanceOptions>>().Value.AutoTickInterval;

    /// <summary>
    /// Moves the clock to <paramref name="at"/>, then one tick further (so a tick surely fires after
    /// <paramref name="at"/>), and waits for an automation pass that began no earlier than <paramref name="at"/>.
    /// Such a pass saw a clock between <paramref name="at"/> and one tick later.
    /// </summary>
    public async Task TickAtAsync(DateTimeOffset at, params AttendanceScenario[] alsoWaitFor)
    {
        Clock.SetUtcNow(at);
        Clock.Advance(TickInterval);
        foreach (var host in alsoWaitFor.Prepend(this))
        {
            await host.Automation.PassedAsync(at).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The 1:1 reminders ("你还没有回复这个会议") the connector received: recipients' Teams ids (where it created the chat), sorted.</summary>
    public IReadOnlyList<string> RemindedUsers() =>
        [.. App.Connector.Activities
            .Where(a => a.Operation == ConnectorOperation.Send && a.ConversationId != Chat.Id && Text(a).Contains("你还没有回复这个会议", StringComparison.Ordinal))
            .Select(a => App.Connector.CreatedConversations.FirstOrDefault(c => c.Id == a.ConversationId)?.Parameters.Members![0].Id ?? a.ConversationId)
            .Order(StringComparer.Ordinal)];

    /// <summary>Summary cards ("会议已结束：…") posted in the group chat.</summary>
    public IReadOnlyList<ReceivedActivity> Summaries(string title = "十月支委会") =>
        [.. App.Connector.Activities.Where(a => a.ConversationId == Chat.Id && a.Operation != ConnectorOperation.Update
            && Text(a).Contains("会议已结束：" + title, StringComparison.Ordinal))];

    public Task<Meeting> ReloadAsync(Meeting meeting) => App.WithStoreAsync(db => db.Set<Meeting>().AsNoTracking().SingleAsync(m => m.Id == meeting.Id));

    public static TeamsChannelAccount Member(TestUser user) => new() { Id = user.Id, Name = user.Name, AadObjectId = user.AadObjectId };

    /// <summary>A valid form: tomorrow 19:30–21:00 Shanghai time, answers until 18:00.</summary>
    public JsonObject Form(string title = "十月支委会")
    {
        var day = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Shanghai).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["type"] = "BranchCommittee", ["title"] = title, ["place"] = "党员活动室",
            ["startDate"] = day, ["startTime"] = "19:30", ["endDate"] = day, ["endTime"] = "21:00",
            ["deadlineDate"] = day, ["deadlineTime"] = "18:00", ["audience"] = "all",
        };
    }

    public Task<JsonNode?> ExecuteAsync(TestUser user, string verb, JsonObject data, string replyTo = "card-message", string locale = "zh-CN") =>
        App.SendAsync(TeamsActivity.Execute(App, user, Chat, verb, data, replyTo, locale));

    public async Task<Meeting> CreateMeetingAsync(string title = "十月支委会")
    {
        var body = await ExecuteAsync(TestUser.Alex, AttendanceVerbs.Create, Form(title), "form-message");
        Assert.Equal(AdaptiveCardInvokeResponse.CardType, body?["type"]?.GetValue<string>());
        return await App.WithStoreAsync(db => db.Set<Meeting>().OrderByDescending(m => m.Id).FirstAsync());
    }

    public static JsonObject Id(Meeting meeting) => new() { ["meetingId"] = meeting.Id };

    public Task<int> AuditRowsAsync(Meeting meeting) => App.WithStoreAsync(db => db.Set<AttendanceAuditEntry>().CountAsync(a => a.MeetingId == meeting.Id));

    public IReadOnlyList<ReceivedActivity> Updates() => [.. App.Connector.Activities.Where(a => a.Operation == ConnectorOperation.Update)];

    public static string Text(JsonNode? node) => node?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "";

    public static string Text(ReceivedActivity activity) =>
        (activity.Activity.Text ?? "") + string.Concat(activity.Activity.Attachments?.Select(a => Text(a.Content)) ?? []);

    /// <summary>
    /// Moves the clock a second at a time, up to <paramref name="steps"/> times, until <paramref name="done"/>: after
    /// each step it waits up to <paramref name="wait"/> for the Connector to receive something, because a background
    /// loop may arm its timer just after a step (so one big jump could pass it by).
    /// </summary>
    public async Task StepClockUntilAsync(Func<bool> done, int steps, TimeSpan wait)
    {
        for (var step = 0; step < steps && !done(); step++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            try
            {
                await App.Connector.WaitForActivitiesAsync(App.Connector.Activities.Count + 1, wait);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
