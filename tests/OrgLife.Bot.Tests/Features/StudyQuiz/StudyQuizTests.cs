using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Features.Regulations;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Data.Sqlite;
using OrgLife.Bot.Tests.Hosting;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.StudyQuiz;

/// <summary>The study quiz through the real host: its command, card and scheduled job, on its own table.</summary>
public sealed class StudyQuizTests
{
    [Fact]
    public async Task Command_InEitherLanguage_AnswersWithTheQuestionCard()
    {
        await using var quiz = await QuizHost.StartAsync("党员的入党誓词共有多少个字？");

        await quiz.App.SendAsync(TeamsActivity.Message(quiz.App, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "今日一题"));
        await quiz.App.SendAsync(TeamsActivity.Message(quiz.App, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "quiz", locale: "en-US"));

        var cards = await quiz.App.Connector.WaitForActivitiesAsync(2);
        Assert.Contains("今日一题", CardText(cards[0]), StringComparison.Ordinal);
        Assert.Contains("党员的入党誓词共有多少个字？", CardText(cards[0]), StringComparison.Ordinal);
        Assert.Contains("Question of the day", CardText(cards[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledJob_PostsTheNextQuestion_ToKnownPersonalChats()
    {
        await using var quiz = await QuizHost.StartAsync("第一题", "第二题");
        await quiz.App.SendAsync(TeamsActivity.Message(quiz.App, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "帮助"));
        var before = quiz.App.Connector.Activities.Count;

        quiz.Clock.Advance(StudyQuizFeature.PostEvery);

        var sent = await quiz.App.Connector.WaitForActivitiesAsync(before + 1);
        Assert.Contains("第一题", CardText(sent[before]), StringComparison.Ordinal);
        Assert.Equal(TestConversation.Personal(TestUser.Alex).Id, sent[before].ConversationId);
    }

    [Fact]
    public async Task HelpCard_ListsTheFeaturesCommand()
    {
        await using var quiz = await QuizHost.StartAsync();

        await quiz.App.SendAsync(TeamsActivity.Message(quiz.App, TestUser.Alex, TestConversation.Personal(TestUser.Alex), "帮助"));

        var help = await quiz.App.Connector.WaitForActivitiesAsync(1);
        Assert.Contains("今日一题", CardText(help[0]), StringComparison.Ordinal);
    }

    private static string CardText(ReceivedActivity activity) =>
        string.Join('\n', activity.Activity.Attachments?.Select(a => a.Content?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) ?? []);

    /// <summary>
    /// The host with the feature registered (the one line), a manual clock, and its questions. The feature's table
    /// has no migration in the bot's migrations (it lives in the test project), so the store is created from the
    /// model instead; a feature in src/ adds a migration per provider (CONTRIBUTING.md).
    /// </summary>
    private sealed class QuizHost : IAsyncDisposable
    {
        private readonly string _folder;

        private QuizHost(BotApplication app, ManualTimeProvider clock, string folder)
        {
            App = app;
            Clock = clock;
            _folder = folder;
        }

        public BotApplication App { get; }
        public ManualTimeProvider Clock { get; }

        public static async Task<QuizHost> StartAsync(params string[] questions)
        {
            var folder = Path.Combine(Path.GetTempPath(), "orglife-quiz-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var connectionString = $"Data Source={Path.Combine(folder, "orglife.db")}";
            StoreModelPart[] parts = [new(OrgLife.Bot.Platform.Outbound.OutboundModel.Configure), new(OrgLife.Bot.Platform.Downloads.DownloadsRegistration.Configure), new(RegulationsModel.Configure), new(AttendanceModel.Configure), new(DutiesModel.Configure), new(StudyQuizModel.Configure)];
            await using (var db = new SqliteBotDbContext(new DbContextOptionsBuilder<SqliteBotDbContext>().UseSqlite(connectionString).UseStoreModel(parts).Options))
            {
                await db.Database.EnsureCreatedAsync();
                db.Set<StudyQuestion>().AddRange(questions.Select(q => new StudyQuestion { Text = q }));
                await db.SaveChangesAsync();
            }

            var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
            var app = await BotApplication.StartAsync(
                authenticated: false,
                settings: new Dictionary<string, string?> { ["Store:ConnectionString"] = connectionString, ["Store:MigrateAtStart"] = "false" },
                services: s => s.AddStudyQuiz().AddSingleton<TimeProvider>(clock));
            return new QuizHost(app, clock, folder);
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS temp cleaner.
            }
        }
    }
}
