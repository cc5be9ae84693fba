using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsApi.Data.Migrations
{
    /// <summary>
    /// The importer now writes ImageSearch rows itself: an insert trigger on Images made every image insert flush
    /// FTS5's pending terms (statement savepoint), about 1 ms per image. Deletes keep their trigger: they are rare
    /// and must follow cascades.
    /// </summary>
    public partial class WriteImageSearchDirectly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Images_AfterInsert;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER Images_AfterInsert AFTER INSERT ON Images BEGIN
                    INSERT INTO ImageSearch (rowid, Caption, Credit) VALUES (new.Id, new.Caption, coalesce(new.Credit, ''));
                END;
                """);
        }
    }
}
