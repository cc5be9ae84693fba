using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsApi.Data.Postgres.Migrations
{
    /// <summary>
    /// An index on the title order of SQLite's <c>NOCASE</c> (<c>PostgresQueries.TitleKey</c>: ASCII-folded, byte
    /// order), so lists by title page by keyset and suggestions find a headline prefix without reading every title. Its
    /// expression is the one the query translation writes, character for character, or the planner cannot use it.
    /// No model change: an expression index is outside EF's model.
    /// </summary>
    [DbContext(typeof(NewsDbContext))]
    [Migration("20261205012000_QueryTitleKeyIndex")]
    public partial class QueryTitleKeyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Articles_TitleKey_Id" ON "Articles"
                    ((translate("Title", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "C"), "Id");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Articles_TitleKey_Id";""");
        }
    }
}
