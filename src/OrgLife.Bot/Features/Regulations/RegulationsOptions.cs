using System.ComponentModel.DataAnnotations;

namespace OrgLife.Bot.Features.Regulations;

/// <summary>Configuration section <c>Regulations</c>.</summary>
internal sealed class RegulationsOptions : IValidatableObject
{
    public const string SectionName = "Regulations";

    /// <summary>Longer questions are refused with a message (a pasted document is not a question).</summary>
    [Range(20, 4000, ErrorMessage = "Regulations:MaxQuestionLength must be between 20 and 4000.")]
    public int MaxQuestionLength { get; set; } = 500;

    /// <summary>Largest regulation file accepted from a chat upload, in bytes.</summary>
    [Range(1024, 100_000_000, ErrorMessage = "Regulations:MaxUploadBytes must be between 1024 and 100000000.")]
    public int MaxUploadBytes { get; set; } = 10_000_000;

    /// <summary>Optional OpenAI-compatible endpoint that writes a short answer from the retrieved articles.</summary>
    public LlmOptions Llm { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Llm.Endpoint) && !Uri.TryCreate(Llm.Endpoint, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Regulations:Llm:Endpoint must be an absolute URL, e.g. https://<res>.openai.azure.com/openai/v1/.", [nameof(Llm)]);
        }

        if (!string.IsNullOrWhiteSpace(Llm.Endpoint) && string.IsNullOrWhiteSpace(Llm.Model))
        {
            yield return new ValidationResult("Regulations:Llm:Model is required when Regulations:Llm:Endpoint is set.", [nameof(Llm)]);
        }

        if (Llm.Timeout <= TimeSpan.Zero || Llm.Timeout > TimeSpan.FromMinutes(2))
        {
            yield return new ValidationResult("Regulations:Llm:Timeout must be between 00:00:00.001 and 00:02:00.", [nameof(Llm)]);
        }
    }
}

/// <summary>Configuration section <c>Regulations:Llm</c>; the feature answers extractively when <see cref="Endpoint"/> is empty.</summary>
internal sealed class LlmOptions
{
    /// <summary>Base URL of an OpenAI-compatible API, e.g. Azure OpenAI's <c>https://&lt;res&gt;.openai.azure.com/openai/v1/</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>API key (keep it in user secrets or the environment).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model or deployment name.</summary>
    public string? Model { get; set; }

    /// <summary>After this the extractive card is sent instead.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(8);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}
