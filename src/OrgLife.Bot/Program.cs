using OrgLife.Bot;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Features.Regulations;
using OrgLife.Bot.Features.Attendance;
using OrgLife.Bot.Features.Duties;
using OrgLife.Bot.Features.Welcome;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;
using OrgLife.Bot.Platform;

// CLI verbs (kb import/list/remove/eval, package) run and exit.
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
// http://localhost:3978 unless ASPNETCORE_URLS, --urls or other configuration says where to listen.
builder.ListenOnDefaultUrlUnlessConfigured();

// The wire protocol: inbound auth, the Connector client, the adapter.
builder.Services.AddBotProtocol(builder.Configuration);
// The store (SQLite or PostgreSQL), migrated at start.
builder.Services.AddBotData();
// The bot: routing, language, cards; users, scopes, roles and proactive sends.
builder.Services.AddOrgLifeBot();
builder.Services.AddOrganisation();
// Features, each with its own routes.
builder.Services.AddWelcome();
builder.Services.AddRegulations();
builder.Services.AddAttendance();
builder.Services.AddDuties();

var app = builder.Build();

app.MapBotEndpoint("/api/messages");
app.MapHealthChecks("/healthz");
app.MapAttendanceEndpoints();
app.PrintPlaygroundHint();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
