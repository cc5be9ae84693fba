using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArticleTombstonesAndOrigin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Missing",
                table: "ImportRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Articles",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "import");

            migrationBuilder.CreateTable(
                name: "ArticleTombstones",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SourceFileName = table.Column<string>(type: "TEXT", nullable: false),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleTombstones", x => x.ArticleId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTombstones_Slug",
                table: "ArticleTombstones",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTombstones_SourceFileName",
                table: "ArticleTombstones",
                column: "SourceFileName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleTombstones");

            migrationBuilder.DropColumn(
                name: "Missing",
                table: "ImportRuns");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Articles");
        }
    }
}
