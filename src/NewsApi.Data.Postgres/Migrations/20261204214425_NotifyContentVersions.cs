using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsApi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class NotifyContentVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContentVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentVersions", x => x.Id);
                    table.CheckConstraint("CK_ContentVersions_OneRow", "\"Id\" = 1");
                });

            migrationBuilder.InsertData(
                table: "ContentVersions",
                columns: new[] { "Id", "Version" },
                values: new object[] { 1, 0L });

            // Bumps the row and notifies once per transaction that changes what the API serves, in that transaction (see
            // ContentVersions). BEFORE each statement, so a writer takes the row's lock before any row of its own and two
            // writers cannot deadlock over it; a transaction-local setting remembers the bump (a rolled-back savepoint
            // forgets both), so an import of many statements sends one notification, whose payload is the version the
            // transaction commits. IdempotencyRecords is left out: no GET reads it.
            migrationBuilder.Sql("""
                CREATE FUNCTION newsapi_content_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
                DECLARE
                    version bigint;
                BEGIN
                    IF current_setting('newsapi.content_changed', true) IS DISTINCT FROM 'on' THEN
                        UPDATE "ContentVersions" SET "Version" = "Version" + 1 WHERE "Id" = 1 RETURNING "Version" INTO version;
                        PERFORM pg_notify('newsapi_content', version::text);
                        PERFORM set_config('newsapi.content_changed', 'on', true);
                    END IF;
                    RETURN NULL;
                END
                $body$;
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Articles"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "BodyBlocks"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Images"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RelatedLinks"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ArticleSources"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ArticleTombstones"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ArticleRenditions"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ImportRuns"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                CREATE TRIGGER newsapi_content_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ImportFileResults"
                    FOR EACH STATEMENT EXECUTE FUNCTION newsapi_content_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER newsapi_content_changed ON "Articles";
                DROP TRIGGER newsapi_content_changed ON "BodyBlocks";
                DROP TRIGGER newsapi_content_changed ON "Images";
                DROP TRIGGER newsapi_content_changed ON "RelatedLinks";
                DROP TRIGGER newsapi_content_changed ON "ArticleSources";
                DROP TRIGGER newsapi_content_changed ON "ArticleTombstones";
                DROP TRIGGER newsapi_content_changed ON "ArticleRenditions";
                DROP TRIGGER newsapi_content_changed ON "ImportRuns";
                DROP TRIGGER newsapi_content_changed ON "ImportFileResults";
                DROP FUNCTION newsapi_content_changed();
                """);

            migrationBuilder.DropTable(
                name: "ContentVersions");
        }
    }
}
