using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrgLife.Bot.Platform.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MeetingRecordsAndChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CalendarToken",
                table: "meetings",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "meetings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CancelledAt",
                table: "meetings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CancelledByUserId",
                table: "meetings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsVoting",
                table: "meetings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "MakeUpDoneAt",
                table: "meeting_attendees",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MakeUpNote",
                table: "meeting_attendees",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "branch_members",
                columns: table => new
                {
                    ScopeId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    IsProbationary = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_branch_members", x => new { x.ScopeId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "meeting_records",
                columns: table => new
                {
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Topics = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    HostUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    RecorderUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    Minutes = table.Column<string>(type: "TEXT", maxLength: 2500, nullable: false),
                    Decisions = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedByUserId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_records", x => x.MeetingId);
                    table.ForeignKey(
                        name: "FK_meeting_records_meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_meetings_CalendarToken",
                table: "meetings",
                column: "CalendarToken",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "branch_members");

            migrationBuilder.DropTable(
                name: "meeting_records");

            migrationBuilder.DropIndex(
                name: "IX_meetings_CalendarToken",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "CalendarToken",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "CancelledByUserId",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "IsVoting",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "MakeUpDoneAt",
                table: "meeting_attendees");

            migrationBuilder.DropColumn(
                name: "MakeUpNote",
                table: "meeting_attendees");
        }
    }
}
