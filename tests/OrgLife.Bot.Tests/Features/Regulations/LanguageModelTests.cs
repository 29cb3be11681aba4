using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Regulations;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Features.Regulations.Llm;
using OrgLife.Bot.Tests.Hosting;
using static OrgLife.Bot.Tests.Features.Regulations.RegulationsTestKit;

namespace OrgLife.Bot.Tests.Features.Regulations;

/// <summary>
/// The optional language models (chat: query rewriting and cited answers), through the real Azure.AI.OpenAI and
/// OpenAI clients against a local server speaking both REST shapes.
/// </summary>
public sealed partial class LanguageModelTests
{
    private const string StudyRules = "# 示例党支部学习制度\n\n2023年3月1日支部委员会通过\n\n## 第一章 学习安排\n\n第一条 支部每月组织一次集中学习，每次不少于两小时。\n\n第二条 因故不能参加集中学习的党员，应当事先向支部书记请假，并在一周内自行补学。\n\n第三条 每名党员每年撰写学习心得不少于四篇。\n";

    [Fact]
    public async Task AzureDeployment_RewritesTheQuestion_ThenWritesAnAnswerCitingTheArticle()
    {
        await using var model = await ModelServer.StartAsync();
        model.Chat = r => r.IsRewrite ? "因故不能参加集中学习 请假 补学" : $"应当事先向支部书记请假，并在一周内自行补学{Cite(r, "第二条")}。";
        await using var app = await StartAsync(model.Settings(azure: true));

        var text = await AskAsync(app, "学习那天我出差了怎么办？");

        Assert.Contains("解答", text, StringComparison.Ordinal);
        Assert.Contains("应当事先向支部书记请假，并在一周内自行补学", text, StringComparison.Ordinal);
        Assert.Contains("《示例党支部学习制度》第二条", text, StringComparison.Ordinal);
        var requests = model.Received.ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(requests[0].IsRewrite);
        Assert.Contains("学习那天我出差了怎么办？", requests[0].User, StringComparison.Ordinal);
        Assert.All(requests, r =>
        {
            Assert.Equal("/openai/deployments/chat-dep/chat/completions", r.Path);
            Assert.False(string.IsNullOrEmpty(r.ApiVersion));
            Assert.True(r.AzureKey);
            Assert.False(r.BearerKey);
        });
    }

    [Fact]
    public async Task OpenAiCompatibleServer_GetsTheModelInTheBody_AndABearerKey()
    {
        await using var model = await ModelServer.StartAsync();
        model.Chat = r => r.IsRewrite ? "集中学习 频次" : $"支部每月组织一次集中学习{Cite(r, "第一条")}。";
        await using var app = await StartAsync(model.Settings(azure: false));

        var text = await AskAsync(app, "多久集中学习一次？");

        Assert.Contains("支部每月组织一次集中学习", text, StringComparison.Ordinal);
        Assert.All(model.Received, r =>
        {
            Assert.Equal("/v1/chat/completions", r.Path);
            Assert.Equal("chat-dep", r.Deployment);
            Assert.True(r.BearerKey);
        });
    }

    [Fact]
    public async Task ModelThatCannotAnswerFromTheArticles_RefusesInsteadOfShowingTheTopArticle()
    {
        await using var model = await ModelServer.StartAsync();
        model.Chat = r => r.IsRewrite ? "集中学习 地点" : "CANNOT_ANSWER";
        await using var app = await StartAsync(model.Settings(azure: true));

        var text = await AskAsync(app, "支部集中学习在哪个会议室？");

        Assert.Contains("知识库中没有找到答案", text, StringComparison.Ordinal);
        Assert.DoesNotContain("《示例党支部学习制度》", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("支部每月组织一次集中学习[1]。另外每次都要点名。")]
    [InlineData("支部每月组织一次集中学习[7]。")]
    [InlineData("支部每月组织一次集中学习。")]
    public async Task AnswerWithASentenceThatCitesNoGivenArticle_GivesTheLexicalAnswer(string reply)
    {
        await using var model = await ModelServer.StartAsync();
        model.Chat = r => r.IsRewrite ? "集中学习 频次" : reply;
        await using var app = await StartAsync(model.Settings(azure: true));

        var text = await AskAsync(app, "支部多久组织一次集中学习？");

        Assert.Contains("依据《示例党支部学习制度》第一条", text, StringComparison.Ordinal);
        Assert.DoesNotContain("点名", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitedRequests_AreRetried_AndTheAnswerStillComes()
    {
        await using var model = await ModelServer.StartAsync();
        model.Failures.Enqueue(429);
        model.Failures.Enqueue(429);
        model.Chat = r => r.IsRewrite ? "集中学习 频次" : $"支部每月组织一次集中学习{Cite(r, "第一条")}。";
        await using var app = await StartAsync(model.Settings(azure: true));

        var text = await AskAsync(app, "支部多久组织一次集中学习？");

        Assert.Contains("解答", text, StringComparison.Ordinal);
        Assert.Equal(4, model.Received.Count);
    }

    [Fact]
    public async Task ServerErrorsBeyondTheRetries_GiveTheLexicalAnswer_AndNoError()
    {
        await using var model = await ModelServer.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            model.Failures.Enqueue(i % 2 == 0 ? 503 : 500);
        }

        await using var app = await StartAsync(model.Settings(azure: true));

        var text = await AskAsync(app, "支部多久组织一次集中学习？");

        Assert.Contains("依据《示例党支部学习制度》第一条", text, StringComparison.Ordinal);
        Assert.DoesNotContain("错误", text, StringComparison.Ordinal);

        // Two calls (rewrite, answer), each tried once and retried twice (Regulations:Llm:MaxRetries).
        Assert.Equal(6, model.Received.Count);
    }

    [Fact]
    public async Task ModelThatNeverAnswers_GivesTheLexicalAnswer_WithinTheTurnBudget()
    {
        await using var model = await ModelServer.StartAsync();
        model.Hang = true;
        var settings = model.Settings(azure: true, budget: "00:00:01");

        // Without the turn's budget two calls of three 5 s attempts would keep the member waiting 30 s.
        settings["Regulations:Llm:Timeout"] = "00:00:05";
        await using var app = await StartAsync(settings);
        var started = TimeProvider.System.GetTimestamp();

        var text = await AskAsync(app, "支部多久组织一次集中学习？");

        Assert.Contains("依据《示例党支部学习制度》第一条", text, StringComparison.Ordinal);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(8));
    }

    [Theory]
    [InlineData("预备期为一年[1]。", "Answered")]
    [InlineData("预备期为一年。[1]", "Answered")]
    [InlineData("The probationary period is one year [1]. It starts on the day the branch meeting accepts the applicant [2].", "Answered")]
    [InlineData("预备期为一年[1]；期满前要提出转正申请[2]。", "Answered")]
    [InlineData("预备期为一年[1]。期满可以转正。", "Unavailable")]
    [InlineData("预备期为一年[3]。", "Unavailable")]
    [InlineData("", "Unavailable")]
    [InlineData("CANNOT_ANSWER", "CannotAnswer")]
    public void EverySentenceMustCiteAGivenArticle(string reply, string verdict)
    {
        Assert.Equal(Enum.Parse<ModelVerdict>(verdict), GroundedAnswerWriter.Judge(reply, sourceCount: 2).Verdict);
    }

    [Theory]
    [InlineData("Regulations:Llm:ChatDeployment", "Regulations:Llm:Endpoint", "https://res.openai.azure.com/", "Regulations:Llm:ApiKey", "k")]
    [InlineData("Regulations:Llm:ApiKey", "Regulations:Llm:Endpoint", "https://res.openai.azure.com/", "Regulations:Llm:ChatDeployment", "gpt")]
    [InlineData("Regulations:Llm:Endpoint", "Regulations:Llm:EmbeddingDeployment", "emb", "Regulations:Llm:ApiKey", "k")]
    [InlineData("Regulations:Llm:ChatDeployment", "Regulations:Llm:Model", "gpt", "Regulations:Llm:ApiKey", "k")]
    public void Misconfiguration_IsReportedAtStart_NamingTheKey(string named, string key1, string value1, string key2, string value2)
    {
        var options = new RegulationsOptions();
        Set(options.Llm, key1, value1);
        Set(options.Llm, key2, value2);

        var problems = options.Validate(new ValidationContext(options)).Select(p => p.ErrorMessage).ToList();

        Assert.Contains(problems, p => p!.Contains(named, StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p!.Contains(value2, StringComparison.Ordinal) && key2.EndsWith("ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void NothingConfigured_IsValid_AndLeavesTheModelsOff()
    {
        var options = new RegulationsOptions();

        Assert.Empty(options.Validate(new ValidationContext(options)));
        Assert.False(new LanguageModels(Microsoft.Extensions.Options.Options.Create(options)).IsEnabled);
    }

    private static void Set(LlmOptions llm, string key, string value)
    {
        switch (key.Split(':')[^1])
        {
            case "Endpoint": llm.Endpoint = value; break;
            case "ApiKey": llm.ApiKey = value; break;
            case "ChatDeployment": llm.ChatDeployment = value; break;
            case "EmbeddingDeployment": llm.EmbeddingDeployment = value; break;
            case "Model": llm.Model = value; break;
        }
    }

    /// <summary>The [n] the prompt gave the article labelled <paramref name="label"/>, as a model would cite it.</summary>
    internal static string Cite(ModelRequest request, string label)
    {
        var match = SourceLine().Matches(request.User).FirstOrDefault(m => m.Groups[2].Value == label);
        return match is null ? "[9]" : $"[{match.Groups[1].Value}]";
    }

    internal static async Task<BotApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var app = await BotApplication.StartAsync(settings: settings);
        await using var scope = app.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<KnowledgeImporter>();
        var reports = await importer.ImportAsync([("study.md", Encoding.UTF8.GetBytes(StudyRules))], KnowledgeOwner.Operator("test"), CancellationToken.None);
        Assert.Equal(ImportOutcome.Imported, reports[0].Outcome);
        return app;
    }

    internal static async Task<string> AskAsync(BotApplication app, string question)
    {
        await app.SendAsync(TeamsActivity.Message(app, TestUser.Lee, TestConversation.Personal(TestUser.Lee), question));
        return Text(Card((await app.Connector.WaitForActivitiesAsync(1))[0]));
    }

    [GeneratedRegex(@"^\[(\d+)\] 《[^》]+》(\S+?)：", RegexOptions.Multiline)]
    private static partial Regex SourceLine();
}
