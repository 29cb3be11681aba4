using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations.Answering;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Features.Regulations.Llm;
using OrgLife.Bot.Platform.Routing;

namespace OrgLife.Bot.Features.Regulations;

internal static class RegulationsFeature
{
    /// <summary>Questions about regulations (free text, "问 …"), the knowledge base, "问书记", curated answers, the optional answer model.</summary>
    public static IServiceCollection AddRegulations(this IServiceCollection services)
    {
        services.AddStoreModel(RegulationsModel.Configure);
        services.AddOptions<RegulationsOptions>().BindConfiguration(RegulationsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(KnowledgeHandlers.DownloadClient, c => c.Timeout = TimeSpan.FromSeconds(60));
        services.AddKnowledgeBase();
        services.AddSingleton<CuratedAnswers>();
        services.AddSingleton<ConversationMemory>();
        services.AddSingleton<RegulationAnswerer>();
        services.AddSingleton<RegulationCards>();
        services.AddSingleton<QuestionLog>();
        services.AddHostedService(sp => sp.GetRequiredService<QuestionLog>());
        services.AddHostedService<KnowledgeLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<VectorRefresher>());
        services.AddSingleton<QueryRewriter>();
        services.AddSingleton<GroundedAnswerWriter>();
        services.AddScoped<QuestionHandlers>();
        services.AddScoped<SecretaryHandlers>();
        services.AddScoped<KnowledgeHandlers>();
        return services.AddRoutes(routes => routes
            .Fallback<QuestionHandlers>((h, turn, ct) => h.FallbackAsync(turn, ct))
            .Command<QuestionHandlers>(["问", "提问", "ask"], (h, turn, args, ct) => h.AskCommandAsync(turn, args, ct))
            .Command<SecretaryHandlers>(["待答问题", "open questions"], (h, turn, args, ct) => h.OpenAsync(turn, args, ct))
            .Command<KnowledgeHandlers>(["知识库", "kb"], (h, turn, args, ct) => h.KbAsync(turn, args, ct))
            .Command<KnowledgeHandlers>(["删除文档"], (h, turn, args, ct) => h.RemoveAsync(turn, args, ct))
            .FileUpload<KnowledgeHandlers>((h, turn, files, ct) => h.FilesAsync(turn, files, ct))
            .CardAction<QuestionHandlers>("reg.article", (h, turn, action, ct) => h.OpenArticleAsync(turn, action, ct))
            .CardAction<QuestionHandlers>("reg.feedback", (h, turn, action, ct) => h.FeedbackAsync(turn, action, ct))
            .CardAction<SecretaryHandlers>("reg.forward", (h, turn, action, ct) => h.ForwardAsync(turn, action, ct))
            .CardAction<SecretaryHandlers>("reg.reply", (h, turn, action, ct) => h.ReplyAsync(turn, action, ct))
            .CardAction<SecretaryHandlers>("reg.open.answer", (h, turn, action, ct) => h.AnswerOpenAsync(turn, action, ct))
            .HelpLine<RegulationsStrings>("AskCommand", "AskDescription", 10)
            .HelpLine<RegulationsStrings>("OpenCommand", "OpenDescription", 11)
            .HelpLine<RegulationsStrings>("KbCommand", "KbDescription", 12));
    }

    /// <summary>The stored knowledge base and its importer, shared by the server and the <c>kb</c> command line.</summary>
    internal static IServiceCollection AddKnowledgeBase(this IServiceCollection services) => services
        .AddSingleton<KnowledgeBase>()
        .AddSingleton<LanguageModels>()
        .AddSingleton<ArticleEmbedder>()
        .AddSingleton<ArticleVectors>()
        .AddSingleton<VectorRefresher>()
        .AddScoped<KnowledgeImporter>();
}
