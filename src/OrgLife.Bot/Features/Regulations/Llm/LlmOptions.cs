using System.ComponentModel.DataAnnotations;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>How requests are addressed: Azure OpenAI deployments, or the OpenAI API shape any compatible server speaks.</summary>
internal enum LlmProtocol
{
    /// <summary><c>{Endpoint}/openai/deployments/{deployment}/…?api-version=…</c> with an <c>api-key</c> header.</summary>
    Azure,

    /// <summary><c>{Endpoint}/chat/completions</c>, <c>{Endpoint}/embeddings</c> with a bearer key and the model in the body (OpenAI, Azure OpenAI v1, local servers).</summary>
    OpenAI,
}

/// <summary>
/// Configuration section <c>Regulations:Llm</c>. Nothing configured = the offline lexical engine alone. With an
/// embeddings deployment, retrieval is hybrid; with a chat deployment, questions are rewritten for search and
/// answered in writing from the retrieved articles (or refused when they do not answer).
/// </summary>
internal sealed class LlmOptions
{
    /// <summary>Azure OpenAI resource (<c>https://&lt;res&gt;.openai.azure.com/</c>) or an OpenAI-compatible base URL ending in <c>/v1/</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Azure when empty and the endpoint path does not end in /v1; OpenAI otherwise.</summary>
    public LlmProtocol? Protocol { get; set; }

    /// <summary>API key (user secrets or the environment only; never logged).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Chat deployment (Azure) or model name: query rewriting and written answers.</summary>
    public string? ChatDeployment { get; set; }

    /// <summary>Embeddings deployment (Azure) or model name: vectors for hybrid retrieval.</summary>
    public string? EmbeddingDeployment { get; set; }

    /// <summary>The old name of <see cref="ChatDeployment"/>; set only to be told it moved.</summary>
    public string? Model { get; set; }

    /// <summary>One request attempt gives up after this.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Retries of a request answered 408/429/5xx or cut off, each after at most a second.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>All model calls of one question share this; after it the lexical answer is sent (Teams gives a turn 15 s).</summary>
    public TimeSpan TurnBudget { get; set; } = TimeSpan.FromSeconds(8);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    public LlmProtocol EffectiveProtocol => Protocol
        ?? (Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && uri.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? LlmProtocol.OpenAI : LlmProtocol.Azure);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (!string.IsNullOrWhiteSpace(Model))
        {
            yield return Problem("Regulations:Llm:Model was renamed: set Regulations:Llm:ChatDeployment (and Regulations:Llm:EmbeddingDeployment for hybrid retrieval).");
        }

        var anyDeployment = !string.IsNullOrWhiteSpace(ChatDeployment) || !string.IsNullOrWhiteSpace(EmbeddingDeployment);
        if (!IsConfigured)
        {
            if (anyDeployment)
            {
                yield return Problem("Regulations:Llm:Endpoint is required when Regulations:Llm:ChatDeployment or Regulations:Llm:EmbeddingDeployment is set.");
            }

            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            yield return Problem("Regulations:Llm:Endpoint must be an absolute http(s) URL, e.g. https://<resource>.openai.azure.com/ or https://<host>/v1/.");
        }

        if (!anyDeployment)
        {
            yield return Problem("Regulations:Llm:ChatDeployment or Regulations:Llm:EmbeddingDeployment is required when Regulations:Llm:Endpoint is set.");
        }

        if (EffectiveProtocol == LlmProtocol.Azure && string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return Problem("Regulations:Llm:ApiKey is required for Azure OpenAI (set it in the environment or user secrets, never in appsettings.json).");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(30))
        {
            yield return Problem("Regulations:Llm:Timeout must be between 00:00:00.001 and 00:00:30.");
        }

        if (MaxRetries is < 0 or > 5)
        {
            yield return Problem("Regulations:Llm:MaxRetries must be between 0 and 5.");
        }

        if (TurnBudget <= TimeSpan.Zero || TurnBudget > TimeSpan.FromSeconds(12))
        {
            yield return Problem("Regulations:Llm:TurnBudget must be between 00:00:00.001 and 00:00:12 (Teams waits 15 s for a turn).");
        }
    }

    private static ValidationResult Problem(string message) => new(message, [nameof(RegulationsOptions.Llm)]);
}
