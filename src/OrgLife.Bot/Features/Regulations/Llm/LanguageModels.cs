using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace OrgLife.Bot.Features.Regulations.Llm;

/// <summary>
/// The configured model clients: Azure OpenAI through <c>Azure.AI.OpenAI</c> (deployments, api-key header), or
/// any OpenAI-compatible server through the OpenAI client. Null clients = that part is not configured.
/// </summary>
internal sealed class LanguageModels
{
    public LanguageModels(IOptions<RegulationsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var llm = options.Value.Llm;
        TurnBudget = llm.TurnBudget;
        if (!llm.IsConfigured)
        {
            return;
        }

        var endpoint = new Uri(llm.Endpoint!);

        // Compatible local servers often take no key; the client insists on one, which such a server ignores.
        var key = new ApiKeyCredential(string.IsNullOrEmpty(llm.ApiKey) ? "unused" : llm.ApiKey);
        var retry = new BoundedRetryPolicy(llm.MaxRetries);
        Func<string, ChatClient> chat;
        Func<string, EmbeddingClient> embeddings;
        if (llm.EffectiveProtocol == LlmProtocol.Azure)
        {
            var azure = new AzureOpenAIClient(endpoint, key, new AzureOpenAIClientOptions { RetryPolicy = retry, NetworkTimeout = llm.Timeout });
            (chat, embeddings) = (azure.GetChatClient, azure.GetEmbeddingClient);
        }
        else
        {
            var openAi = new OpenAIClient(key, new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = retry, NetworkTimeout = llm.Timeout });
            (chat, embeddings) = (openAi.GetChatClient, openAi.GetEmbeddingClient);
        }

        Chat = string.IsNullOrWhiteSpace(llm.ChatDeployment) ? null : chat(llm.ChatDeployment);
        if (!string.IsNullOrWhiteSpace(llm.EmbeddingDeployment))
        {
            Embeddings = embeddings(llm.EmbeddingDeployment);
            EmbeddingModel = llm.EmbeddingDeployment;
        }
    }

    /// <summary>Query rewriting and written answers; null when no chat deployment is configured.</summary>
    public ChatClient? Chat { get; }

    /// <summary>Article and question vectors; null when no embeddings deployment is configured.</summary>
    public EmbeddingClient? Embeddings { get; }

    /// <summary>The embeddings deployment: stored vectors are only comparable with vectors of the same one.</summary>
    public string? EmbeddingModel { get; }

    public TimeSpan TurnBudget { get; }

    public bool IsEnabled => Chat is not null || Embeddings is not null;

    /// <summary>A token every model call of one question shares, cancelled when the turn's budget is spent.</summary>
    public CancellationTokenSource StartTurn(CancellationToken cancellationToken)
    {
        var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TurnBudget);
        return budget;
    }

    /// <summary>
    /// The client's retries (408/429/5xx, cut-off connections) with each wait capped at a second: a member is
    /// waiting, and a 30 s Retry-After would only run out the turn's budget.
    /// </summary>
    private sealed class BoundedRetryPolicy(int maxRetries) : ClientRetryPolicy(maxRetries)
    {
        private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

        protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
        {
            var delay = base.GetNextDelay(message, tryCount);
            return delay < MaxDelay ? delay : MaxDelay;
        }
    }
}
