using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrgLife.Bot.Platform.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OutboundLimitsAndInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bot_instances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bot_instances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "send_limits",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Slots = table.Column<string>(type: "TEXT", maxLength: 900, nullable: false),
                    PausedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_send_limits", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bot_instances");

            migrationBuilder.DropTable(
                name: "send_limits");
        }
    }
}
