using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Articles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false, collation: "NOCASE"),
                    NormalizedTitle = table.Column<string>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: false),
                    WordCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ImageCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RelatedLinkCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceFileName = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    SourceSize = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceEncoding = table.Column<string>(type: "TEXT", nullable: false),
                    SourceLineEndings = table.Column<string>(type: "TEXT", nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DiagnosticsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Articles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImportRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceDirectory = table.Column<string>(type: "TEXT", nullable: false),
                    FilesSeen = table.Column<int>(type: "INTEGER", nullable: false),
                    Imported = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Removed = table.Column<int>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Images",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Caption = table.Column<string>(type: "TEXT", nullable: false),
                    Credit = table.Column<string>(type: "TEXT", nullable: true),
                    CreditAgency = table.Column<string>(type: "TEXT", nullable: true),
                    CreditPhotographer = table.Column<string>(type: "TEXT", nullable: true),
                    FirstLine = table.Column<int>(type: "INTEGER", nullable: false),
                    LastLine = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Images", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Images_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RelatedLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    NormalizedTitle = table.Column<string>(type: "TEXT", nullable: false),
                    Marker = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TargetArticleId = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstLine = table.Column<int>(type: "INTEGER", nullable: false),
                    LastLine = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelatedLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RelatedLinks_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RelatedLinks_Articles_TargetArticleId",
                        column: x => x.TargetArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ImportFileResults",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportRunId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: true),
                    DiagnosticsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportFileResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportFileResults_ImportRuns_ImportRunId",
                        column: x => x.ImportRunId,
                        principalTable: "ImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BodyBlocks",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    ImageId = table.Column<int>(type: "INTEGER", nullable: true),
                    RelatedLinkId = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstLine = table.Column<int>(type: "INTEGER", nullable: false),
                    LastLine = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BodyBlocks", x => new { x.ArticleId, x.Position });
                    table.ForeignKey(
                        name: "FK_BodyBlocks_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BodyBlocks_Images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BodyBlocks_RelatedLinks_RelatedLinkId",
                        column: x => x.RelatedLinkId,
                        principalTable: "RelatedLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_ImageCount_Id",
                table: "Articles",
                columns: new[] { "ImageCount", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_NormalizedTitle",
                table: "Articles",
                column: "NormalizedTitle");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Slug",
                table: "Articles",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SourceFileName",
                table: "Articles",
                column: "SourceFileName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Title_Id",
                table: "Articles",
                columns: new[] { "Title", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_UpdatedAt_Id",
                table: "Articles",
                columns: new[] { "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BodyBlocks_ImageId",
                table: "BodyBlocks",
                column: "ImageId");

            migrationBuilder.CreateIndex(
                name: "IX_BodyBlocks_RelatedLinkId",
                table: "BodyBlocks",
                column: "RelatedLinkId");

            migrationBuilder.CreateIndex(
                name: "IX_Images_ArticleId_Position",
                table: "Images",
                columns: new[] { "ArticleId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportFileResults_ImportRunId",
                table: "ImportFileResults",
                column: "ImportRunId");

            migrationBuilder.CreateIndex(
                name: "IX_RelatedLinks_ArticleId_Position",
                table: "RelatedLinks",
                columns: new[] { "ArticleId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RelatedLinks_NormalizedTitle",
                table: "RelatedLinks",
                column: "NormalizedTitle");

            migrationBuilder.CreateIndex(
                name: "IX_RelatedLinks_TargetArticleId",
                table: "RelatedLinks",
                column: "TargetArticleId");

            // Full-text search (not part of the EF model): articles by title, body and captions, images by caption
            // and credit. Accents fold away so "cafe" finds "café"; 2- and 3-letter prefixes are indexed for "pre*".
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE ArticleSearch USING fts5(Title, Body, Captions, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
                CREATE VIRTUAL TABLE ImageSearch USING fts5(Caption, Credit, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
                CREATE TRIGGER Articles_AfterDelete AFTER DELETE ON Articles BEGIN
                    DELETE FROM ArticleSearch WHERE rowid = old.Id;
                END;
                CREATE TRIGGER Images_AfterInsert AFTER INSERT ON Images BEGIN
                    INSERT INTO ImageSearch (rowid, Caption, Credit) VALUES (new.Id, new.Caption, coalesce(new.Credit, ''));
                END;
                CREATE TRIGGER Images_AfterDelete AFTER DELETE ON Images BEGIN
                    DELETE FROM ImageSearch WHERE rowid = old.Id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER Images_AfterDelete;
                DROP TRIGGER Images_AfterInsert;
                DROP TRIGGER Articles_AfterDelete;
                DROP TABLE ImageSearch;
                DROP TABLE ArticleSearch;
                """);

            migrationBuilder.DropTable(
                name: "BodyBlocks");

            migrationBuilder.DropTable(
                name: "ImportFileResults");

            migrationBuilder.DropTable(
                name: "Images");

            migrationBuilder.DropTable(
                name: "RelatedLinks");

            migrationBuilder.DropTable(
                name: "ImportRuns");

            migrationBuilder.DropTable(
                name: "Articles");
        }
    }
}
