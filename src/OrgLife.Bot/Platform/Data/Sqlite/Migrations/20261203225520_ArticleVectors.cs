using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrgLife.Bot.Platform.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ArticleVectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "regulation_article_vectors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Dimensions = table.Column<int>(type: "INTEGER", nullable: false),
                    Vector = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regulation_article_vectors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_regulation_article_vectors_regulation_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "regulation_articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_regulation_article_vectors_ArticleId_Model",
                table: "regulation_article_vectors",
                columns: new[] { "ArticleId", "Model" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "regulation_article_vectors");
        }
    }
}
