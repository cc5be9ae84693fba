using NewsApi.Data.Entities;
using NewsApi.Data.Import;
using NewsApi.Data.Postgres.Search;
using Npgsql;
using NpgsqlTypes;

namespace NewsApi.Data.Postgres.Import;

/// <summary>
/// PostgreSQL's <see cref="IArticleWriter"/>. Every write of one article (its row, images, teasers, body blocks, source
/// text, and the renditions it makes stale) goes to the server as one <see cref="NpgsqlBatch"/>: one round trip, and
/// one statement per command (a command with several statements cannot be prepared: <c>42601</c>).
/// </summary>
/// <remarks>
/// Ids are given here, not by the identity columns: identity values are not transactional (a rolled-back insert
/// still uses up its id), and an import must give the same ids as a clean one after any rollback. The first write that
/// needs one reads the highest ids in use inside the transaction, which holds the writers' advisory lock
/// (<see cref="PostgresDialect"/>), so nobody else can take one before it commits; a rollback gives every id back.
/// As with SQLite's <c>AUTOINCREMENT</c>, no id is given twice: an article id is above every live and removed
/// article's (a tombstone keeps its id reserved), an image or teaser id above every live one's and the table's
/// <see cref="IdHighWater"/>, which every write raises before it deletes images or teasers.
/// </remarks>
internal sealed class PostgresArticleWriter(NpgsqlConnection connection, NpgsqlTransaction transaction) : RowArticleWriter
{
    private readonly NextIds _next = new(connection, transaction);

    protected override int InsertRow(ArticleRow row, byte[] text, string slug, string origin, string? importedSha256, long firstSeenTicks)
    {
        _next.Read();
        var id = _next.Article++;
        var batch = NewBatch();
        batch.BatchCommands.Add(InsertArticle(id, slug, row, origin, importedSha256, firstSeenTicks));
        WriteChildren(batch, id, row);
        batch.BatchCommands.Add(StoreSourceCommand(id, text));
        Run(batch);
        return id;
    }

    protected override void RestoreRow(ArticleTombstone tombstone, ArticleRow row, byte[] text, string origin, string? importedSha256, long firstSeenTicks)
    {
        _next.Read();
        var batch = NewBatch();
        batch.BatchCommands.Add(Command("""DELETE FROM "ArticleTombstones" WHERE "ArticleId" = @id""", Int("id", tombstone.ArticleId)));
        batch.BatchCommands.Add(InsertArticle(tombstone.ArticleId, tombstone.Slug, row, origin, importedSha256, firstSeenTicks));
        WriteChildren(batch, tombstone.ArticleId, row);
        batch.BatchCommands.Add(StoreSourceCommand(tombstone.ArticleId, text));
        Run(batch);
    }

    protected override void ReplaceRow(int id, ArticleRow row, byte[] text, string? importedSha256)
    {
        _next.Read();
        var batch = NewBatch();
        batch.BatchCommands.Add(ForgetRenditions(id));
        RaiseHighWater(batch);
        batch.BatchCommands.Add(Command("""DELETE FROM "BodyBlocks" WHERE "ArticleId" = @id""", Int("id", id)));
        batch.BatchCommands.Add(Command("""DELETE FROM "RelatedLinks" WHERE "ArticleId" = @id""", Int("id", id)));
        batch.BatchCommands.Add(Command("""DELETE FROM "Images" WHERE "ArticleId" = @id""", Int("id", id)));
        var update = Command("""
            UPDATE "Articles" SET "Title" = @title, "NormalizedTitle" = @norm, "Summary" = @summary, "WordCount" = @words,
                "ImageCount" = @images, "RelatedLinkCount" = @links, "SourceFileName" = @file, "Sha256" = @sha, "SourceSize" = @size,
                "SourceEncoding" = @enc, "SourceLineEndings" = @eol, "SourceModifiedAt" = @mtime, "UpdatedAt" = @now, "DiagnosticsJson" = @diag,
                "ImportedSha256" = coalesce(@imported, "ImportedSha256"),
                "Byline" = @byline, "PublishedAt" = @published, "Dateline" = @dateline, "SourceUrl" = @url
            WHERE "Id" = @id
            """);
        Bind(update, row);
        update.Parameters.Add(Int("id", id));
        update.Parameters.Add(Text("imported", importedSha256));
        batch.BatchCommands.Add(update);
        WriteChildren(batch, id, row);
        batch.BatchCommands.Add(StoreSourceCommand(id, text));
        Run(batch);
    }

    public override void StoreSource(int id, byte[] text)
    {
        var batch = NewBatch();
        batch.BatchCommands.Add(StoreSourceCommand(id, text));
        Run(batch);
    }

    public override void Touch(int id, DateTime modifiedUtc)
    {
        var batch = NewBatch();
        batch.BatchCommands.Add(Command("""UPDATE "Articles" SET "SourceModifiedAt" = @mtime WHERE "Id" = @id""",
            Long("mtime", modifiedUtc.Ticks), Int("id", id)));
        Run(batch);
    }

    public override void Remove(int id, DateTimeOffset now, string reason)
    {
        var batch = NewBatch();

        // Teasers naming the article lose their target (ON DELETE SET NULL), which the resolver cannot see as a
        // change afterwards, so the renditions showing those targets go first.
        batch.BatchCommands.Add(ForgetRenditions(id));
        RaiseHighWater(batch);
        batch.BatchCommands.Add(Command("""
            INSERT INTO "ArticleTombstones" ("ArticleId", "Slug", "SourceFileName", "RemovedAt", "Reason", "ImportedSha256", "FirstSeenAt")
                SELECT "Id", "Slug", "SourceFileName", @now, @reason, "ImportedSha256", "FirstSeenAt" FROM "Articles" WHERE "Id" = @id
            ON CONFLICT ("ArticleId") DO UPDATE SET "Slug" = excluded."Slug", "SourceFileName" = excluded."SourceFileName",
                "RemovedAt" = excluded."RemovedAt", "Reason" = excluded."Reason", "ImportedSha256" = excluded."ImportedSha256",
                "FirstSeenAt" = excluded."FirstSeenAt"
            """, Long("now", now.UtcTicks), Text("reason", reason), Int("id", id)));
        batch.BatchCommands.Add(Command("""DELETE FROM "Articles" WHERE "Id" = @id""", Int("id", id)));
        Run(batch);
    }

    /// <summary>
    /// Writes the search index of article <paramref name="articleId"/> in the same batch as the article, from the same
    /// texts SQLite's writer gives its FTS5 tables at the same point (each paragraph and each caption followed by a
    /// line break), so both providers index the same words. Replace and Restore call it too, after the article's old
    /// rows are gone (an image's vector goes with its image by the cascading key).
    /// </summary>
    private static void IndexArticle(NpgsqlBatch batch, int articleId, ArticleRow article, IReadOnlyList<(int ImageId, ImageRow Image)> images)
    {
        var vector = ArticleVector(article);
        batch.BatchCommands.Add(Command("""
            INSERT INTO "ArticleSearchVectors" ("ArticleId", "Vector") VALUES (@id, @vector::tsvector)
            ON CONFLICT ("ArticleId") DO UPDATE SET "Vector" = excluded."Vector"
            """, Int("id", articleId), Text("vector", vector)));
        foreach (var (imageId, image) in images)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO "ImageSearchVectors" ("ImageId", "Vector") VALUES (@id, @vector::tsvector)
                ON CONFLICT ("ImageId") DO UPDATE SET "Vector" = excluded."Vector"
                """, Int("id", imageId), Text("vector", TsVectors.ForImage(image.Caption, image.Credit))));
        }
    }

    private NpgsqlBatch NewBatch() => new(connection, transaction);

    /// <summary>An article's search vector, as text: its title, then each caption and each paragraph followed by a line break.</summary>
    internal static string ArticleVector(ArticleRow article) =>
        TsVectors.ForArticle(article.Title, article.Blocks.OfType<ImageRow>().Select(i => i.Caption), article.Blocks.OfType<ParagraphRow>().Select(p => p.Text));

    /// <summary>Keeps the highest image and teaser ids given so far, before a delete may remove them.</summary>
    internal static void RaiseHighWater(NpgsqlBatch batch)
    {
        foreach (var sql in new[]
        {
            """
            INSERT INTO "IdHighWater" ("Name", "LastId") SELECT 'Images', max("Id") FROM "Images" HAVING max("Id") IS NOT NULL
            ON CONFLICT ("Name") DO UPDATE SET "LastId" = greatest("IdHighWater"."LastId", excluded."LastId")
            """,
            """
            INSERT INTO "IdHighWater" ("Name", "LastId") SELECT 'RelatedLinks', max("Id") FROM "RelatedLinks" HAVING max("Id") IS NOT NULL
            ON CONFLICT ("Name") DO UPDATE SET "LastId" = greatest("IdHighWater"."LastId", excluded."LastId")
            """,
        })
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }
    }

    private static void Run(NpgsqlBatch batch)
    {
        using (batch)
        {
            batch.ExecuteNonQuery();
        }
    }

    private static NpgsqlBatchCommand ForgetRenditions(int id) =>
        Command("""
            DELETE FROM "ArticleRenditions"
            WHERE "ArticleId" = @id OR "ArticleId" IN (SELECT "ArticleId" FROM "RelatedLinks" WHERE "TargetArticleId" = @id)
            """, Int("id", id));

    private static NpgsqlBatchCommand StoreSourceCommand(int id, byte[] text) =>
        Command("""
            INSERT INTO "ArticleSources" ("ArticleId", "Text") VALUES (@id, @text)
                ON CONFLICT ("ArticleId") DO UPDATE SET "Text" = excluded."Text"
            """, Int("id", id), new NpgsqlParameter("text", NpgsqlDbType.Bytea) { Value = text });

    private static NpgsqlBatchCommand InsertArticle(int id, string slug, ArticleRow row, string origin, string? importedSha256, long firstSeenTicks)
    {
        var insert = Command("""
            INSERT INTO "Articles" ("Id", "Slug", "Title", "NormalizedTitle", "Summary", "WordCount", "ImageCount", "RelatedLinkCount",
                "SourceFileName", "Sha256", "SourceSize", "SourceEncoding", "SourceLineEndings", "SourceModifiedAt", "ImportedAt", "UpdatedAt",
                "DiagnosticsJson", "Origin", "ImportedSha256", "Byline", "PublishedAt", "Dateline", "SourceUrl", "FirstSeenAt")
            VALUES (@id, @slug, @title, @norm, @summary, @words, @images, @links,
                @file, @sha, @size, @enc, @eol, @mtime, @now, @now, @diag, @origin, @imported,
                @byline, @published, @dateline, @url, @firstseen)
            """);
        Bind(insert, row);
        insert.Parameters.Add(Int("id", id));
        insert.Parameters.Add(Text("slug", slug));
        insert.Parameters.Add(Text("origin", origin));
        insert.Parameters.Add(Text("imported", importedSha256));
        insert.Parameters.Add(Long("firstseen", firstSeenTicks));
        return insert;
    }

    private static void Bind(NpgsqlBatchCommand command, ArticleRow row)
    {
        var p = command.Parameters;
        p.Add(Text("title", row.Title));
        p.Add(Text("norm", row.NormalizedTitle));
        p.Add(Text("summary", row.Summary));
        p.Add(Int("words", row.WordCount));
        p.Add(Int("images", row.ImageCount));
        p.Add(Int("links", row.RelatedLinkCount));
        p.Add(Text("file", row.FileName));
        p.Add(Text("sha", row.Sha256));
        p.Add(Long("size", row.Size));
        p.Add(Text("enc", row.Encoding));
        p.Add(Text("eol", row.LineEndings));
        p.Add(Long("now", row.NowTicks));
        p.Add(Long("mtime", row.ModifiedTicks));
        p.Add(Text("diag", row.DiagnosticsJson));
        p.Add(Text("byline", row.Byline));
        p.Add(Long("published", row.PublishedTicks));
        p.Add(Text("dateline", row.Dateline));
        p.Add(Text("url", row.SourceUrl));
    }

    private void WriteChildren(NpgsqlBatch batch, int articleId, ArticleRow article)
    {
        int imagePos = 0, linkPos = 0, blockPos = 0;
        var images = new List<(int, ImageRow)>();
        foreach (var block in article.Blocks)
        {
            int? imageId = null, linkId = null;
            string? text = null;
            BlockType type;
            switch (block)
            {
                case ImageRow image:
                    type = BlockType.Image;
                    imageId = _next.Image++;
                    batch.BatchCommands.Add(Command("""
                        INSERT INTO "Images" ("Id", "ArticleId", "Position", "Caption", "Credit", "CreditAgency", "CreditPhotographer", "FirstLine", "LastLine")
                        VALUES (@id, @article, @pos, @caption, @credit, @agency, @photographer, @first, @last)
                        """, Int("id", imageId), Int("article", articleId), Int("pos", ++imagePos), Text("caption", image.Caption),
                        Text("credit", image.Credit), Text("agency", image.CreditAgency), Text("photographer", image.CreditPhotographer),
                        Int("first", block.FirstLine), Int("last", block.LastLine)));
                    images.Add((imageId.Value, image));
                    break;
                case LinkRow link:
                    type = BlockType.RelatedLink;
                    linkId = _next.Link++;
                    batch.BatchCommands.Add(Command("""
                        INSERT INTO "RelatedLinks" ("Id", "ArticleId", "Position", "Title", "NormalizedTitle", "Marker", "TargetArticleId", "FirstLine", "LastLine")
                        VALUES (@id, @article, @pos, @title, @norm, @marker, NULL, @first, @last)
                        """, Int("id", linkId), Int("article", articleId), Int("pos", ++linkPos), Text("title", link.Title),
                        Text("norm", link.NormalizedTitle), Text("marker", link.Marker), Int("first", block.FirstLine), Int("last", block.LastLine)));
                    break;
                case ParagraphRow paragraph:
                    type = BlockType.Paragraph;
                    text = paragraph.Text;
                    break;
                default:
                    continue;
            }

            batch.BatchCommands.Add(Command("""
                INSERT INTO "BodyBlocks" ("ArticleId", "Position", "Type", "Text", "ImageId", "RelatedLinkId", "FirstLine", "LastLine")
                VALUES (@article, @pos, @type, @text, @image, @link, @first, @last)
                """, Int("article", articleId), Int("pos", ++blockPos), Text("type", type.ToString()), Text("text", text), Int("image", imageId),
                Int("link", linkId), Int("first", block.FirstLine), Int("last", block.LastLine)));
        }

        IndexArticle(batch, articleId, article, images);
    }

    internal static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    // Typed, so a null still has its column's type (an untyped null in coalesce(...) would not).
    internal static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Int(string name, int? value) => new(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Long(string name, long? value) => new(name, NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value };
}
