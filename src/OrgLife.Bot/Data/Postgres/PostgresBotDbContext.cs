using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Data;

/// <summary>The PostgreSQL store, for several bot instances behind a load balancer. Migrations in <c>Postgres/Migrations</c>.</summary>
internal sealed class PostgresBotDbContext(DbContextOptions<PostgresBotDbContext> options) : BotDbContext(options);
