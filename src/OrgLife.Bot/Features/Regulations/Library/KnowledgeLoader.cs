using Microsoft.EntityFrameworkCore;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Knowledge;

namespace OrgLife.Bot.Features.Regulations.Library;

/// <summary>
/// At start (after the store is migrated): stores the bundled sample when it is absent, then builds the
/// knowledge base from the store, before the server takes its first question.
/// </summary>
internal sealed partial class KnowledgeLoader(IServiceScopeFactory scopes, KnowledgeBase knowledge, ILogger<KnowledgeLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        await SeedSampleAsync(db, scope.ServiceProvider.GetRequiredService<KnowledgeImporter>(), cancellationToken);
        Retrieval.GeneralVocabulary.Warm();
        await knowledge.ReloadAsync(db, cancellationToken);
        LogLoaded(logger, knowledge.Current.Documents.Count, knowledge.Current.Shared.ArticleCount);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stores each bundled document (sample rules, 党章) unless a shared document of that title is already there.</summary>
    internal static async Task SeedSampleAsync(BotDbContext db, KnowledgeImporter importer, CancellationToken cancellationToken)
    {
        (string File, RegulationDocument Document)[] bundled =
        [
            ("sample-branch-rules.md", SampleRegulations.LoadBranchRules()),
            ("dangzhang-2022.md", SampleRegulations.LoadPartyConstitution()),
        ];
        foreach (var (file, sample) in bundled)
        {
            if (!await db.Set<StoredRegulation>().AnyAsync(d => d.ScopeId == null && d.Title == sample.Title, cancellationToken))
            {
                await importer.StoreAsync(file, sample, KnowledgeOwner.Operator("OrgLife"), cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Knowledge base loaded: {Documents} documents, {Articles} shared articles")]
    private static partial void LogLoaded(ILogger logger, int documents, int articles);
}
