namespace OrgLife.Bot.Features.Duties;

/// <summary>The Duties feature's log events (3000–3099). Ids and counts only, never message text.</summary>
internal static partial class DutiesLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Duty reminders: {Sent} sent, {Deferred} deferred, {Cancelled} cancelled, {Summarised} summarised, {Requeued} requeued")]
    public static partial void Tick(ILogger logger, int sent, int deferred, int cancelled, int summarised, int requeued);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Duty scheduler tick failed; the loop continues")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Teams throttled a duty reminder (429); it goes back in the queue for {Pause}")]
    public static partial void Throttled(ILogger logger, TimeSpan pause);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "{Count} duty reminders leased by a stopped instance ({Lease}) are back in the queue")]
    public static partial void Reclaimed(ILogger logger, int count, string lease);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Duty reminder {ReminderId} failed (attempt {Attempt}); retrying at {RetryAt}")]
    public static partial void SendFailed(ILogger logger, long reminderId, int attempt, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "User {UserId} cannot be reached for duty {DutyId}")]
    public static partial void Unreachable(ILogger logger, long userId, long dutyId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Imported {Count} duties into scope {ScopeId}")]
    public static partial void Imported(ILogger logger, int count, long scopeId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Duty import download failed")]
    public static partial void DownloadFailed(ILogger logger, Exception exception);
}
