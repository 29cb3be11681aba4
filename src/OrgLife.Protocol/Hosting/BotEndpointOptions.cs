using Microsoft.Extensions.Options;

namespace OrgLife.Protocol.Hosting;

/// <summary>Bounds of one inbound request to the messaging endpoint, bound from the <c>BotEndpoint</c> section.</summary>
public sealed class BotEndpointOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "BotEndpoint";

    /// <summary>
    /// Largest body accepted (413 above it). Teams limits a message to about 28 KB; card submits and member
    /// lists add some, so 256 KB leaves room without letting one request cost much.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Time all Connector calls of one inbound turn may take together. Teams waits 15 s for the answer and
    /// retries after that, so in-turn calls get no retries and must finish well within it.
    /// </summary>
    public TimeSpan ReplyBudget { get; set; } = TimeSpan.FromSeconds(8);
}

/// <summary>Checks <see cref="BotEndpointOptions"/> at start; messages name the configuration key.</summary>
public sealed class BotEndpointOptionsValidator : IValidateOptions<BotEndpointOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BotEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = BotEndpointOptions.SectionName;
        if (options.MaxRequestBytes is < 4096 or > 64 * 1024 * 1024)
        {
            errors.Add($"{s}:MaxRequestBytes must be between 4096 and 67108864.");
        }

        if (options.ReplyBudget <= TimeSpan.Zero || options.ReplyBudget > TimeSpan.FromSeconds(14))
        {
            errors.Add($"{s}:ReplyBudget must be positive and under 00:00:14 (Teams waits 15 s).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
