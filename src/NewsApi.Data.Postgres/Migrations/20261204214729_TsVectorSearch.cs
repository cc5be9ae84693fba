using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace NewsApi.Data.Postgres.Migrations
{
    /// <summary>
    /// The search index on PostgreSQL (branch i17-tsv): one <c>tsvector</c> per article and per image, built in C# by
    /// <c>TsVectors</c> (never by <c>to_tsvector</c>), under GIN indexes; removed with their rows by cascading keys.
    /// </summary>
    public partial class TsVectorSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArticleSearchVectors",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "integer", nullable: false),
                    Vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleSearchVectors", x => x.ArticleId);
                    table.ForeignKey(
                        name: "FK_ArticleSearchVectors_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImageSearchVectors",
                columns: table => new
                {
                    ImageId = table.Column<int>(type: "integer", nullable: false),
                    Vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImageSearchVectors", x => x.ImageId);
                    table.ForeignKey(
                        name: "FK_ImageSearchVectors_Images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleSearchVectors_Vector",
                table: "ArticleSearchVectors",
                column: "Vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_ImageSearchVectors_Vector",
                table: "ImageSearchVectors",
                column: "Vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            // Search results are content too: a change here must move the content version (NotifyContentVersions)
            // like a change to the articles themselves, or another node would keep serving a stale result page.
            migrationBuilder.Sql("""
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ArticleSearchVectors"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ImageSearchVectors"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleSearchVectors");

            migrationBuilder.DropTable(
                name: "ImageSearchVectors");
        }
    }
}
