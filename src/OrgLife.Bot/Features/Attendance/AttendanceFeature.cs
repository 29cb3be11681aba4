using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Features.Attendance;

internal static class AttendanceFeature
{
    /// <summary>Meetings (三会一课, 主题党日): announcement, answers, check-in, roster, reminders, close (also automatic after the end), ledger export, statistics.</summary>
    public static IServiceCollection AddAttendance(this IServiceCollection services)
    {
        services.AddStoreModel(AttendanceModel.Configure);
        services.AddOptions<AttendanceOptions>().BindConfiguration(AttendanceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<MeetingCards>();
        services.AddSingleton<AttendanceWriteGate>();
        services.AddSingleton<MeetingCardRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<MeetingCardRefresher>());
        services.AddSingleton<MeetingAutomationLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<MeetingAutomationLoop>());
        services.AddScoped<MeetingStore>();
        services.AddScoped<MeetingCloser>();
        services.AddScoped<NonResponderReminder>();
        services.AddScoped<MeetingAutomation>();
        services.AddScoped<MeetingAccess>();
        services.AddScoped<AttendanceLedger>();
        services.AddScoped<MeetingHandlers>();
        services.AddScoped<MeetingToolHandlers>();
        services.AddScoped<MeetingPicker>();
        services.AddScoped<MeetingChangeHandlers>();
        services.AddScoped<MyMeetingsHandler>();
        services.AddScoped<PrivateDownloads>();
        services.AddSingleton<PublicAddress>();
        services.AddScoped<MeetingCalendar>();
        services.AddScoped<RecordStore>();
        services.AddSingleton<RecordCards>();
        services.AddSingleton<MinutesDocument>();
        services.AddScoped<RecordHandlers>();
        services.AddScoped<MakeUpHandlers>();
        services.AddScoped<AttachmentStore>();
        services.AddScoped<AttachmentHandlers>();
        services.AddSingleton<AttachmentDownloader>();
        // Redirects are followed by hand, each target checked against the allowed hosts.
        services.AddHttpClient(AttachmentDownloader.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services.AddRoutes(routes => routes
            .Command<MeetingHandlers>(["新建会议", "发布会议", "new meeting"], (h, turn, args, ct) => h.NewAsync(turn, args, ct))
            .Command<MeetingToolHandlers>(["我的出勤", "my attendance"], (h, turn, args, ct) => h.MyAttendanceAsync(turn, args, ct))
            .Command<MeetingToolHandlers>(["统计", "出勤统计", "stats"], (h, turn, args, ct) => h.StatsAsync(turn, args, ct))
            .Command<MeetingToolHandlers>(["导出", "导出台账", "export"], (h, turn, args, ct) => h.ExportCommandAsync(turn, args, ct))
            .Command<MeetingToolHandlers>(["名单", "会议名单", "roster"], (h, turn, args, ct) => h.RosterCommandAsync(turn, args, ct))
            .Command<MeetingToolHandlers>(["提醒未回复", "remind"], (h, turn, args, ct) => h.RemindCommandAsync(turn, args, ct))
            .Command<MeetingToolHandlers>(["结束会议", "close meeting"], (h, turn, args, ct) => h.CloseCommandAsync(turn, args, ct))
            .Command<MeetingChangeHandlers>(["修改会议", "改期", "延期会议", "edit meeting", "postpone meeting"], (h, turn, args, ct) => h.EditCommandAsync(turn, args, ct))
            .Command<MeetingChangeHandlers>(["取消会议", "cancel meeting"], (h, turn, args, ct) => h.CancelCommandAsync(turn, args, ct))
            .Command<MyMeetingsHandler>(["我的会议", "my meetings"], (h, turn, args, ct) => h.ShowAsync(turn, args, ct))
            .Command<RecordHandlers>(["会议记录", "minutes"], (h, turn, args, ct) => h.RecordCommandAsync(turn, args, ct))
            .Command<RecordHandlers>(["设为预备党员", "mark probationary"], (h, turn, args, ct) => h.ProbationaryCommandAsync(turn, args, ct))
            .Command<RecordHandlers>(["设为正式党员", "mark full member"], (h, turn, args, ct) => h.FullMemberCommandAsync(turn, args, ct))
            .Command<MakeUpHandlers>(["我的补课", "my make-up"], (h, turn, args, ct) => h.MineAsync(turn, args, ct))
            .Command<AttachmentHandlers>(AttachmentHandlers.Phrases, (h, turn, args, ct) => h.CommandAsync(turn, args, ct))
            // Before the knowledge base's import: it leaves a message to the next handler unless it names a meeting, follows "附件 12" or is a photo.
            .FileUpload<AttachmentHandlers>((h, turn, files, ct) => h.FilesAsync(turn, files, ct), order: -10, inlineImages: true)
            .CardAction<AttachmentHandlers>(AttendanceVerbs.Attach, (h, turn, action, ct) => h.ChooseAsync(turn, action, ct))
            .CardAction<AttachmentHandlers>(AttendanceVerbs.Attachments, (h, turn, action, ct) => h.DownloadAsync(turn, action, ct))
            .CardAction<MeetingHandlers>(AttendanceVerbs.Create, (h, turn, action, ct) => h.CreateAsync(turn, action, ct))
            .CardAction<MeetingHandlers>(AttendanceVerbs.Attend, (h, turn, action, ct) => h.AttendAsync(turn, action, ct))
            .CardAction<MeetingHandlers>(AttendanceVerbs.Leave, (h, turn, action, ct) => h.LeaveAsync(turn, action, ct))
            .CardAction<MeetingHandlers>(AttendanceVerbs.CheckIn, (h, turn, action, ct) => h.CheckInAsync(turn, action, ct))
            .CardAction<MeetingHandlers>(AttendanceVerbs.Refresh, (h, turn, action, ct) => h.RefreshAsync(turn, action, ct))
            .CardAction<MeetingToolHandlers>(AttendanceVerbs.Roster, (h, turn, action, ct) => h.RosterAsync(turn, action, ct))
            .CardAction<MeetingToolHandlers>(AttendanceVerbs.Remind, (h, turn, action, ct) => h.RemindAsync(turn, action, ct))
            .CardAction<MeetingToolHandlers>(AttendanceVerbs.Close, (h, turn, action, ct) => h.CloseAsync(turn, action, ct))
            .CardAction<MeetingToolHandlers>(AttendanceVerbs.Export, (h, turn, action, ct) => h.ExportAsync(turn, action, ct))
            .CardAction<MeetingToolHandlers>(AttendanceVerbs.ConfirmClose, (h, turn, action, ct) => h.ConfirmCloseAsync(turn, action, ct))
            .CardAction<MeetingChangeHandlers>(AttendanceVerbs.Edit, (h, turn, action, ct) => h.EditAsync(turn, action, ct))
            .CardAction<MeetingChangeHandlers>(AttendanceVerbs.Save, (h, turn, action, ct) => h.SaveAsync(turn, action, ct))
            .CardAction<MeetingChangeHandlers>(AttendanceVerbs.Cancel, (h, turn, action, ct) => h.CancelAsync(turn, action, ct))
            .CardAction<RecordHandlers>(AttendanceVerbs.Record, (h, turn, action, ct) => h.OpenAsync(turn, action, ct))
            .CardAction<RecordHandlers>(AttendanceVerbs.RecordSave, (h, turn, action, ct) => h.SaveAsync(turn, action, ct))
            .CardAction<RecordHandlers>(AttendanceVerbs.RecordDocument, (h, turn, action, ct) => h.DocumentAsync(turn, action, ct))
            .CardAction<MakeUpHandlers>(AttendanceVerbs.MakeUp, (h, turn, action, ct) => h.CompleteAsync(turn, action, ct))
            .HelpLine<AttendanceStrings>("HelpNewCommand", "HelpNewDescription", 20, button: true)
            .HelpLine<AttendanceStrings>("HelpMyMeetingsCommand", "HelpMyMeetingsDescription", 21)
            .HelpLine<AttendanceStrings>("HelpMineCommand", "HelpMineDescription", 21, button: true)
            .HelpLine<AttendanceStrings>("HelpStatsCommand", "HelpStatsDescription", 22, button: true)
            .HelpLine<AttendanceStrings>("HelpExportCommand", "HelpExportDescription", 23)
            .HelpLine<AttendanceStrings>("HelpRosterCommand", "HelpRosterDescription", 24)
            .HelpLine<AttendanceStrings>("HelpRemindCommand", "HelpRemindDescription", 25)
            .HelpLine<AttendanceStrings>("HelpCloseCommand", "HelpCloseDescription", 26)
            .HelpLine<AttendanceStrings>("HelpEditCommand", "HelpEditDescription", 27)
            .HelpLine<AttendanceStrings>("HelpCancelCommand", "HelpCancelDescription", 28)
            .HelpLine<AttendanceStrings>("HelpRecordCommand", "HelpRecordDescription", 29)
            .HelpLine<AttendanceStrings>("HelpMakeUpCommand", "HelpMakeUpDescription", 30)
            .HelpLine<AttendanceStrings>("HelpProbationaryCommand", "HelpProbationaryDescription", 31)
            .HelpLine<AttendanceStrings>("HelpAttachCommand", "HelpAttachDescription", 32));
    }

    /// <summary><c>GET /calendar/{token}.ics</c>: a meeting's calendar event (ledger files go through the platform's one-time downloads).</summary>
    public static IEndpointRouteBuilder MapAttendanceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(MeetingCalendar.RoutePrefix + "{token}.ics", async (string token, MeetingCalendar calendar, HttpContext http) =>
            await calendar.FileAsync(token, http.RequestAborted) is { } file
                ? Results.File(file.Content, "text/calendar; charset=utf-8", file.FileName)
                : Results.NotFound());
        return endpoints;
    }
}
