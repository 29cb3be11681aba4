using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Platform.Data.Postgres;

/// <summary>The PostgreSQL store, for several bot instances behind a load balancer. Migrations in <c>Postgres/Migrations</c>.</summary>
internal sealed class PostgresBotDbContext(DbContextOptions<PostgresBotDbContext> options) : BotDbContext(options);
