using Microsoft.Extensions.Logging;

namespace OrgLife.Protocol;

/// <summary>
/// Every log message of the protocol library. Event ids: 100–119 authentication, 120–139 connector,
/// 140–159 hosting. Tokens, secrets and activity contents are never logged.
/// </summary>
internal static partial class Log
{
    // Authentication 100–119
    [LoggerMessage(100, LogLevel.Warning, "Bot:AppId is not configured: inbound requests without a token are accepted and outbound calls carry no token. Use this only with a local emulator.")]
    public static partial void UnauthenticatedMode(ILogger logger);

    [LoggerMessage(101, LogLevel.Warning, "Inbound request refused (401): {Reason}")]
    public static partial void RequestRefused(ILogger logger, string reason);

    [LoggerMessage(102, LogLevel.Information, "Signing key {KeyId} not in the cached OpenID metadata; refreshing it.")]
    public static partial void SigningKeyUnknown(ILogger logger, string? keyId);

    [LoggerMessage(103, LogLevel.Error, "OpenID metadata could not be loaded from {MetadataUrl}.")]
    public static partial void MetadataUnavailable(ILogger logger, Exception exception, string metadataUrl);

    [LoggerMessage(110, LogLevel.Debug, "Requesting a Connector token from {TokenEndpoint}.")]
    public static partial void TokenRequested(ILogger logger, Uri tokenEndpoint);

    [LoggerMessage(111, LogLevel.Error, "Connector token request to {TokenEndpoint} failed with {StatusCode} {ErrorCode}.")]
    public static partial void TokenRequestFailed(ILogger logger, Uri tokenEndpoint, int statusCode, string? errorCode);

    // Connector 120–139
    [LoggerMessage(120, LogLevel.Warning, "Connector {Method} {Path} answered {StatusCode}; retry {Attempt} of {MaxRetries} in {Delay}.")]
    public static partial void RetryingStatus(ILogger logger, string method, string? path, int statusCode, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(121, LogLevel.Warning, "Connector {Method} {Path} failed to connect; retry {Attempt} of {MaxRetries} in {Delay}.")]
    public static partial void RetryingException(ILogger logger, Exception exception, string method, string? path, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(122, LogLevel.Error, "Connector {Method} {Path} answered {StatusCode} {ErrorCode} (operation {OperationId}).")]
    public static partial void ConnectorCallFailed(ILogger logger, string method, string path, int statusCode, string? errorCode, string? operationId);

    // Hosting 140–159
    [LoggerMessage(140, LogLevel.Debug, "Malformed activity refused (400): {Reason}")]
    public static partial void MalformedActivity(ILogger logger, string reason);

    [LoggerMessage(141, LogLevel.Error, "The bot failed on a {ActivityType} activity {ActivityId}; answering 500.")]
    public static partial void BotFailed(ILogger logger, Exception exception, string? activityType, string? activityId);

    [LoggerMessage(143, LogLevel.Warning, "Activity refused (403): its serviceUrl host {Host} is not a trusted service host (Connector:TrustedServiceHosts).")]
    public static partial void UntrustedServiceUrl(ILogger logger, string host);

    [LoggerMessage(104, LogLevel.Debug, "Local mode: the request's Authorization header is ignored (the OpenID metadata is not on this machine).")]
    public static partial void LocalModeTokenIgnored(ILogger logger);

    [LoggerMessage(142, LogLevel.Trace, "Turn {ActivityType} {ActivityId} answered {StatusCode}.")]
    public static partial void TurnCompleted(ILogger logger, string? activityType, string? activityId, int statusCode);
}
