using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Features.Regulations;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Data.Sqlite;
using OrgLife.Testing;

namespace OrgLife.Bot.Tests.Features.Attendance;

/// <summary>A migrated SQLite file of its own (WAL, busy timeout as in production), a manual clock, and a meeting with N people.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "orglife-attendance-tests", Guid.NewGuid().ToString("N"));

    private StoreFixture() => Directory.CreateDirectory(_folder);

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 10, 1, 2, 0, 0, TimeSpan.Zero));
    public string ConnectionString => $"Data Source={Path.Combine(_folder, "orglife.db")};Pooling=True;Default Timeout=30";
    public List<long> UserIds { get; } = [];

    public static async Task<StoreFixture> CreateAsync()
    {
        var fixture = new StoreFixture();
        await using var db = fixture.NewContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
        return fixture;
    }

    public SqliteBotDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SqliteBotDbContext>().UseSqlite(ConnectionString).UseStoreModel(ModelParts).Options);

    /// <summary>The whole app's model, as the migrations describe it.</summary>
    private static readonly StoreModelPart[] ModelParts =
        [new(OrgLife.Bot.Platform.Downloads.DownloadsRegistration.Configure), new(OrgLife.Bot.Platform.Outbound.OutboundModel.Configure), new(RegulationsModel.Configure), new(AttendanceModel.Configure), new(DutiesModel.Configure)];

    public AttendanceWriteGate Gate { get; } = new(new StoreCapabilities(Microsoft.Extensions.Options.Options.Create(new StoreOptions())));

    public MeetingStore NewStore(BotDbContext db) => new(db, Gate, Clock, NullLogger<MeetingStore>.Instance);

    /// <summary>A scope, <paramref name="people"/> users and a meeting tomorrow at 11:30 UTC expecting them all.</summary>
    public async Task<Meeting> MeetingAsync(int people)
    {
        await using var db = NewContext();
        var scope = new OrgScope { ExternalId = "19:chat", Kind = ScopeKind.GroupChat, Name = "第一党支部", CreatedAt = Clock.GetUtcNow() };
        db.Scopes.Add(scope);
        var users = Enumerable.Range(1, people).Select(i => new UserProfile { TeamsId = $"29:user{i}", Name = $"党员{i:0000}", CreatedAt = Clock.GetUtcNow() }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        UserIds.AddRange(users.Select(u => u.Id));
        var start = Clock.GetUtcNow().AddDays(1);
        return await NewStore(db).CreateAsync(new Meeting
        {
            ScopeId = scope.Id, OrganizerUserId = users[0].Id, Type = MeetingType.BranchCommittee, Title = "十月支委会", Place = "活动室",
            StartsAt = start, EndsAt = start.AddHours(2), RespondBy = start.AddHours(-1), CheckInOpensAt = start.AddMinutes(-30),
            ConversationId = "19:chat", CardActivityId = "card-1", CreatedAt = Clock.GetUtcNow(),
        }, UserIds, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await Task.Yield();
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
