using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArticleSourcesAndImportedHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImportedSha256",
                table: "ArticleTombstones",
                type: "TEXT",
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImportedSha256",
                table: "Articles",
                type: "TEXT",
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            // Until now every article's file held exactly its content (API writes wrote the file too), so what was
            // last imported from each file is the article's current hash. Source texts arrive at the next import.
            migrationBuilder.Sql("UPDATE Articles SET ImportedSha256 = Sha256;");

            migrationBuilder.CreateTable(
                name: "ArticleSources",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleSources", x => x.ArticleId);
                    table.ForeignKey(
                        name: "FK_ArticleSources_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleSources");

            migrationBuilder.DropColumn(
                name: "ImportedSha256",
                table: "ArticleTombstones");

            migrationBuilder.DropColumn(
                name: "ImportedSha256",
                table: "Articles");
        }
    }
}
