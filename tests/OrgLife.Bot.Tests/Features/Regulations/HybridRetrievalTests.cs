using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Features.Regulations.Llm;
using OrgLife.Bot.Tests.Hosting;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>
/// Hybrid retrieval: article vectors computed at import through the embeddings deployment and kept in the store,
/// the question's vector ranked against them and fused with BM25. The local server's "model" places texts by a
/// few topics (missing something and making it up, study, writing) so that a question sharing no word with its
/// article is still near it.
/// </summary>
public sealed class HybridRetrievalTests
{
    private static readonly (string Topic, string[] Words)[] Topics =
    [
        ("absence", ["出差", "错过", "补学"]),
        ("study", ["学习", "集中"]),
        ("writing", ["心得", "撰写", "写"]),
    ];

    [Fact]
    public async Task ImportedArticles_GetVectorsInTheStore_ThroughTheAzureEmbeddingsDeployment()
    {
        await using var model = await StartModelAsync();
        await using var app = await LanguageModelTests.StartAsync(model.Settings(azure: true, chat: null, embeddings: "emb-dep"));
        await RefreshAsync(app);

        var articles = await app.WithStoreAsync(db => db.Set<StoredArticle>().CountAsync());
        var vectors = await app.WithStoreAsync(db => db.Set<ArticleVector>().Where(v => v.Model == "emb-dep").CountAsync());
        Assert.Equal(articles, vectors);
        var requests = model.Received.ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r =>
        {
            Assert.Equal("/openai/deployments/emb-dep/embeddings", r.Path);
            Assert.False(string.IsNullOrEmpty(r.ApiVersion));
            Assert.True(r.AzureKey);
        });

        // A second pass finds nothing left to embed.
        var before = model.Received.Count;
        await RefreshAsync(app);
        Assert.Equal(before, model.Received.Count);
    }

    [Fact]
    public async Task QuestionSharingNoWordWithItsArticle_IsAnsweredFromTheVectorRanking()
    {
        await using var model = await StartModelAsync();
        model.Chat = r => r.IsRewrite ? "出差错过了怎么办" : r.User.Contains("第二条", StringComparison.Ordinal) ? $"应当事先向支部书记请假，并在一周内自行补学{LanguageModelTests.Cite(r, "第二条")}。" : "CANNOT_ANSWER";
        await using var app = await LanguageModelTests.StartAsync(model.Settings(azure: false, chat: "chat-dep", embeddings: "emb-dep"));
        await RefreshAsync(app);

        var text = await LanguageModelTests.AskAsync(app, "出差错过了怎么办");

        Assert.Contains("《示例党支部学习制度》第二条", text, StringComparison.Ordinal);
        Assert.Contains("应当事先向支部书记请假", text, StringComparison.Ordinal);
        var embeddings = model.Received.Where(r => r.Path == "/v1/embeddings").ToList();
        Assert.All(embeddings, r => Assert.True(r.BearerKey));
        Assert.Contains(embeddings, r => r.Body["input"] is System.Text.Json.Nodes.JsonArray inputs && inputs.Any(i => i!.GetValue<string>() == "出差错过了怎么办"));
    }

    [Fact]
    public async Task EmbeddingsServiceDownAtImport_ImportSucceeds_AndTheVectorsFollowLater()
    {
        await using var model = await StartModelAsync();
        for (var i = 0; i < 30; i++)
        {
            model.Failures.Enqueue(503);
        }

        await using var app = await LanguageModelTests.StartAsync(model.Settings(azure: true, chat: null, embeddings: "emb-dep"));
        await RefreshAsync(app);
        Assert.Equal(0, await app.WithStoreAsync(db => db.Set<ArticleVector>().CountAsync()));

        // Questions are still answered (lexically) while the service is down.
        Assert.Contains("依据《示例党支部学习制度》第一条", await LanguageModelTests.AskAsync(app, "支部多久组织一次集中学习？"), StringComparison.Ordinal);

        model.Failures.Clear();
        await RefreshAsync(app);
        Assert.Equal(await app.WithStoreAsync(db => db.Set<StoredArticle>().CountAsync()), await app.WithStoreAsync(db => db.Set<ArticleVector>().CountAsync()));
    }

    [Fact]
    public async Task CommandLineImport_StoresTheVectors()
    {
        await using var model = await StartModelAsync();
        var folder = Path.Combine(Path.GetTempPath(), "orglife-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "study.md");
            await File.WriteAllTextAsync(file, "# 示例党支部学习制度\n\n第一条 支部每月组织一次集中学习。\n\n第二条 因故不能参加的，应当请假并补学。\n");
            var settings = model.Settings(azure: false, chat: null, embeddings: "emb-dep");
            settings["Store:DataFolder"] = folder;
            var output = new StringWriter();

            Assert.Equal(0, await KnowledgeCommandLine.RunAsync(["kb", "import", file], output, new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

            await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "orglife.db")}");
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM regulation_article_vectors";
            Assert.Equal(2L, (long)(await count.ExecuteScalarAsync())!);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<ModelServer> StartModelAsync()
    {
        var model = await ModelServer.StartAsync();
        model.Embed = Embed;
        return model;
    }

    /// <summary>The test "model": one dimension per topic a text mentions, plus a small constant so no vector is zero.</summary>
    private static float[] Embed(string text) =>
        [.. Topics.Select(t => t.Words.Any(w => text.Contains(w, StringComparison.Ordinal)) ? 1f : 0f), 0.05f];

    private static async Task RefreshAsync(BotApplication app) =>
        await app.Services.GetServices<IHostedService>().OfType<VectorRefresher>().Single().RefreshAsync(CancellationToken.None);
}
