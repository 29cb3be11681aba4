using System.ComponentModel.DataAnnotations;
using OrgLife.Bot.Features.Regulations.Llm;

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

    /// <summary>Optional language models (Azure OpenAI or an OpenAI-compatible server): hybrid retrieval, query rewriting, written answers.</summary>
    public LlmOptions Llm { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Llm.Validate();
}
