using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrgLife.Bot.Platform.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MeetingAttachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "meeting_attachment_prompts",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_attachment_prompts", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_meeting_attachment_prompts_meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meeting_attachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: true),
                    UploadedByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_meeting_attachments_meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_meeting_attachment_prompts_MeetingId",
                table: "meeting_attachment_prompts",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_meeting_attachments_MeetingId_Sha256",
                table: "meeting_attachments",
                columns: new[] { "MeetingId", "Sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_meeting_attachments_UploadedByUserId_UploadedAt",
                table: "meeting_attachments",
                columns: new[] { "UploadedByUserId", "UploadedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meeting_attachment_prompts");

            migrationBuilder.DropTable(
                name: "meeting_attachments");
        }
    }
}
