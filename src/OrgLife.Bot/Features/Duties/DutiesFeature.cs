using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Features.Duties;

internal static class DutiesFeature
{
    /// <summary>The responsibility list (党建责任清单) and its reminders (督办).</summary>
    public static IServiceCollection AddDuties(this IServiceCollection services)
    {
        services.AddStoreModel(DutiesModel.Configure);
        services.AddOptions<DutiesOptions>().BindConfiguration(DutiesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(DutyImporter.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(PublicHostsOnly.Handler);
        services.AddSingleton<DispatcherState>();
        services.AddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        services.AddScoped<IDutyMessenger, ProactiveDutyMessenger>();
        services.AddScoped<DutySchedule>();
        services.AddScoped<DutyWorkflow>();
        services.AddScoped<DutyEditor>();
        services.AddScoped<DutyFormReader>();
        services.AddScoped<DutyHistory>();
        services.AddScoped<DutyEditActions>();
        services.AddScoped<DutyViews>();
        services.AddScoped<DutyPeople>();
        services.AddScoped<DutyImporter>();
        services.AddScoped<ReminderDispatcher>();
        services.AddScoped<DutyCommands>();
        services.AddScoped<DutyCardActions>();
        services.AddSingleton<DutyCards>();
        return services.AddRoutes(routes => routes
            .Command<DutyCommands>(["新建任务", "new duty"], (h, turn, args, ct) => h.NewAsync(turn, args, ct))
            .Command<DutyCommands>(["我的任务", "my duties"], (h, turn, args, ct) => h.MineAsync(turn, args, ct))
            .Command<DutyCommands>(["逾期", "逾期任务", "overdue"], (h, turn, args, ct) => h.OverdueAsync(turn, args, ct))
            .Command<DutyCommands>(["任务", "duty"], (h, turn, args, ct) => h.ShowAsync(turn, args, ct))
            .Command<DutyCommands>(DutyCommands.ImportPhrases, (h, turn, args, ct) => h.ImportAsync(turn, args, ct))
            .Command<DutyCommands>(["导出任务", "export duties"], (h, turn, args, ct) => h.ExportAsync(turn, args, ct))
            .Command<DutyCommands>(["提醒设置", "reminder settings"], (h, turn, args, ct) => h.SettingsAsync(turn, args, ct))
            .Command<DutyEditActions>(["取消任务", "cancel duty"], (h, turn, args, ct) => h.CancelCommandAsync(turn, args, ct))
            .CardAction<DutyCardActions>("duty.create", (h, turn, action, ct) => h.CreateAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.view", (h, turn, action, ct) => h.ViewAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.done", (h, turn, action, ct) => h.DoneAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.help", (h, turn, action, ct) => h.HelpAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.helpanswer", (h, turn, action, ct) => h.AnswerHelpAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.extend", (h, turn, action, ct) => h.ExtendAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.snooze", (h, turn, action, ct) => h.SnoozeAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.approve", (h, turn, action, ct) => h.ApproveAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.decline", (h, turn, action, ct) => h.DeclineAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.import", (h, turn, action, ct) => h.ImportAsync(turn, action, ct))
            .CardAction<DutyCardActions>("duty.settings", (h, turn, action, ct) => h.SettingsAsync(turn, action, ct))
            .CardAction<DutyEditActions>("duty.edit", (h, turn, action, ct) => h.EditAsync(turn, action, ct))
            .CardAction<DutyEditActions>("duty.save", (h, turn, action, ct) => h.SaveAsync(turn, action, ct))
            .CardAction<DutyEditActions>("duty.cancel", (h, turn, action, ct) => h.CancelAsync(turn, action, ct))
            .HelpLine<DutiesStrings>("HelpNewCommand", "HelpNewDescription", 30, button: true)
            .HelpLine<DutiesStrings>("HelpMineCommand", "HelpMineDescription", 31, button: true)
            .HelpLine<DutiesStrings>("HelpOverdueCommand", "HelpOverdueDescription", 32)
            .HelpLine<DutiesStrings>("HelpShowCommand", "HelpShowDescription", 33)
            .HelpLine<DutiesStrings>("HelpImportCommand", "HelpImportDescription", 34)
            .HelpLine<DutiesStrings>("HelpExportCommand", "HelpExportDescription", 35)
            .HelpLine<DutiesStrings>("HelpSettingsCommand", "HelpSettingsDescription", 36)
            .HelpLine<DutiesStrings>("HelpCancelCommand", "HelpCancelDescription", 37));
    }
}
