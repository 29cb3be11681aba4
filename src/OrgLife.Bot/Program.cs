using OrgLife.Protocol.Hosting;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
