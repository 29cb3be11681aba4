using System.Net;

namespace OrgLife.Protocol.Connector;

/// <summary>A Connector call failed with a status that retrying did not (or could not) fix.</summary>
public sealed class ConnectorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectorException(HttpStatusCode statusCode, string? errorCode, string message, string? operationId = null)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        OperationId = operationId;
    }

    /// <summary>Creates the exception for a call that failed without a usable answer (connection error, timeout).</summary>
    public ConnectorException(HttpStatusCode statusCode, string? errorCode, string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception.</summary>
    public ConnectorException() : this(HttpStatusCode.InternalServerError, null, "Connector call failed.") { }

    /// <summary>Creates the exception.</summary>
    public ConnectorException(string message) : this(HttpStatusCode.InternalServerError, null, message) { }

    /// <summary>Creates the exception.</summary>
    public ConnectorException(string message, Exception innerException) : base(message, innerException)
    {
        StatusCode = HttpStatusCode.InternalServerError;
    }

    /// <summary>HTTP status the Connector answered.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary><c>error.code</c> of the body, when there was one.</summary>
    public string? ErrorCode { get; }

    /// <summary><c>X-Correlating-OperationId</c> header, for support requests.</summary>
    public string? OperationId { get; }

    /// <summary>403: the bot is not installed for the user or not in the conversation.</summary>
    public bool IsForbidden => StatusCode == HttpStatusCode.Forbidden;

    /// <summary>How long the Connector asked the caller to wait (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The call was never made: its service URL is not a trusted host (421, code <c>UntrustedServiceUrl</c>).</summary>
    public bool IsUntrustedServiceUrl => StatusCode == HttpStatusCode.MisdirectedRequest && ErrorCode == UntrustedServiceUrlCode;

    internal const string UntrustedServiceUrlCode = "UntrustedServiceUrl";

    /// <summary>429: throttled. Never retried by the client itself: the sender's limit pauses and requeues.</summary>
    public bool IsThrottled => StatusCode == HttpStatusCode.TooManyRequests;
}
