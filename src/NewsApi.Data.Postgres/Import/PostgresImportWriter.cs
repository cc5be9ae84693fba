using NewsApi.Data.Entities;
using NewsApi.Data.Import;
using NewsApi.Data.Postgres.Search;
using Npgsql;
using NpgsqlTypes;
using static NewsApi.Data.Postgres.Import.PostgresArticleWriter;

namespace NewsApi.Data.Postgres.Import;

/// <summary>
/// PostgreSQL's writer for an import batch. It holds the batch's articles and sends them at <see cref="Flush"/> as a
/// set: one round trip of set-based statements (deletes by <c>= ANY</c>, updates from <c>unnest</c>), binary
/// <c>COPY</c> into every table new rows go to, and one statement per search table. Row by row, every statement costs
/// a round trip and a plan; as a set, an import runs at the parser's pace (see docs/benchmarks.md).
/// </summary>
/// <remarks>
/// It writes exactly the rows <see cref="PostgresArticleWriter"/> writes for the same calls, with the same ids, given
/// in call order from <see cref="NextIds"/>: the import log, the crash script and the tests compare a run with one
/// through the row-by-row writer. Nothing is sent before <see cref="Flush"/>, so a batch that fails before it leaves
/// nothing, and one that fails in it rolls back with its transaction.
/// </remarks>
internal sealed class PostgresImportWriter(NpgsqlConnection connection, NpgsqlTransaction transaction) : RowArticleWriter
{
    private readonly NextIds _next = new(connection, transaction);

    /// <summary>Inserted and restored articles: rows to copy into Articles.</summary>
    private readonly List<Held> _added = [];

    /// <summary>Articles replaced in place: their rows are updated, their children deleted and written again.</summary>
    private readonly List<Held> _replaced = [];

    private readonly List<int> _restored = [];
    private readonly List<(int Id, byte[] Text)> _sources = [];
    private readonly List<(int Id, long ModifiedTicks)> _touched = [];
    private readonly List<(int Id, long NowTicks, string Reason)> _removed = [];

    /// <summary>An article held for <see cref="Flush"/>, with the first of the consecutive image and teaser ids it was given.</summary>
    private sealed record Held(int Id, ArticleRow Row, int FirstImage, int FirstLink, string? ImportedSha256,
        string Slug = "", string Origin = "", long FirstSeenTicks = 0);

    protected override int InsertRow(ArticleRow row, byte[] text, string slug, string origin, string? importedSha256, long firstSeenTicks)
    {
        _next.Read();
        var id = _next.Article++;
        _added.Add(Hold(id, row, importedSha256) with { Slug = slug, Origin = origin, FirstSeenTicks = firstSeenTicks });
        _sources.Add((id, text));
        return id;
    }

    protected override void RestoreRow(ArticleTombstone tombstone, ArticleRow row, byte[] text, string origin, string? importedSha256, long firstSeenTicks)
    {
        _next.Read();
        _restored.Add(tombstone.ArticleId);
        _added.Add(Hold(tombstone.ArticleId, row, importedSha256) with { Slug = tombstone.Slug, Origin = origin, FirstSeenTicks = firstSeenTicks });
        _sources.Add((tombstone.ArticleId, text));
    }

    protected override void ReplaceRow(int id, ArticleRow row, byte[] text, string? importedSha256)
    {
        _next.Read();
        _replaced.Add(Hold(id, row, importedSha256));
        _sources.Add((id, text));
    }

    public override void StoreSource(int id, byte[] text) => _sources.Add((id, text));

    public override void Touch(int id, DateTime modifiedUtc) => _touched.Add((id, modifiedUtc.Ticks));

    public override void Remove(int id, DateTimeOffset now, string reason) => _removed.Add((id, now.UtcTicks, reason));

    public override void Flush()
    {
        if (_added.Count + _replaced.Count + _sources.Count + _touched.Count + _removed.Count == 0)
        {
            return;
        }

        ClearAndUpdate();
        var all = _added.Concat(_replaced).ToList();
        CopyArticles();
        CopyChildren(all);
        CopySources();
        IndexArticles(all);

        _added.Clear();
        _replaced.Clear();
        _restored.Clear();
        _sources.Clear();
        _touched.Clear();
        _removed.Clear();
    }

    private Held Hold(int id, ArticleRow row, string? importedSha256)
    {
        var held = new Held(id, row, _next.Image, _next.Link, importedSha256);
        _next.Image += row.Blocks.Count(b => b is ImageRow);
        _next.Link += row.Blocks.Count(b => b is LinkRow);
        return held;
    }

    /// <summary>
    /// Everything before the copies, in one round trip: removals, the tombstones of restored articles, the old rows of
    /// replaced and re-sourced articles, and the updates of replaced and touched ones.
    /// </summary>
    private void ClearAndUpdate()
    {
        using var batch = new NpgsqlBatch(connection, transaction);
        var replaced = _replaced.Select(r => r.Id).ToArray();
        var removed = _removed.Select(r => r.Id).ToArray();
        var cleared = replaced.Concat(removed).ToArray();
        if (cleared.Length > 0)
        {
            // Renditions showing these articles, or teasers pointing at them, go stale; ids in use are kept before deletes.
            batch.BatchCommands.Add(Command("""
                DELETE FROM "ArticleRenditions"
                WHERE "ArticleId" = ANY(@ids) OR "ArticleId" IN (SELECT "ArticleId" FROM "RelatedLinks" WHERE "TargetArticleId" = ANY(@ids))
                """, IntArray("ids", cleared)));
            RaiseHighWater(batch);
        }

        if (removed.Length > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO "ArticleTombstones" ("ArticleId", "Slug", "SourceFileName", "RemovedAt", "Reason", "ImportedSha256", "FirstSeenAt")
                    SELECT a."Id", a."Slug", a."SourceFileName", r.now, r.reason, a."ImportedSha256", a."FirstSeenAt"
                    FROM unnest(@ids, @now, @reason) AS r(id, now, reason) JOIN "Articles" a ON a."Id" = r.id
                ON CONFLICT ("ArticleId") DO UPDATE SET "Slug" = excluded."Slug", "SourceFileName" = excluded."SourceFileName",
                    "RemovedAt" = excluded."RemovedAt", "Reason" = excluded."Reason", "ImportedSha256" = excluded."ImportedSha256",
                    "FirstSeenAt" = excluded."FirstSeenAt"
                """, IntArray("ids", removed), LongArray("now", _removed.Select(r => r.NowTicks)), TextArray("reason", _removed.Select(r => r.Reason))));
            batch.BatchCommands.Add(Command("""DELETE FROM "Articles" WHERE "Id" = ANY(@ids)""", IntArray("ids", removed)));
        }

        if (_restored.Count > 0)
        {
            batch.BatchCommands.Add(Command("""DELETE FROM "ArticleTombstones" WHERE "ArticleId" = ANY(@ids)""", IntArray("ids", _restored)));
        }

        if (replaced.Length > 0)
        {
            foreach (var table in new[] { "BodyBlocks", "RelatedLinks", "Images" })
            {
                batch.BatchCommands.Add(Command($"""DELETE FROM "{table}" WHERE "ArticleId" = ANY(@ids)""", IntArray("ids", replaced)));
            }

            batch.BatchCommands.Add(UpdateReplaced(replaced));
        }

        if (_sources.Count > 0)
        {
            batch.BatchCommands.Add(Command("""DELETE FROM "ArticleSources" WHERE "ArticleId" = ANY(@ids)""", IntArray("ids", _sources.Select(s => s.Id))));
        }

        if (_touched.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                UPDATE "Articles" a SET "SourceModifiedAt" = t.mtime FROM unnest(@ids, @mtime) AS t(id, mtime) WHERE a."Id" = t.id
                """, IntArray("ids", _touched.Select(t => t.Id)), LongArray("mtime", _touched.Select(t => t.ModifiedTicks))));
        }

        if (batch.BatchCommands.Count > 0)
        {
            batch.ExecuteNonQuery();
        }
    }

    private NpgsqlBatchCommand UpdateReplaced(int[] ids)
    {
        var rows = _replaced.Select(r => r.Row).ToList();
        return Command("""
            UPDATE "Articles" a SET "Title" = u.title, "NormalizedTitle" = u.norm, "Summary" = u.summary, "WordCount" = u.words,
                "ImageCount" = u.images, "RelatedLinkCount" = u.links, "SourceFileName" = u.file, "Sha256" = u.sha, "SourceSize" = u.size,
                "SourceEncoding" = u.enc, "SourceLineEndings" = u.eol, "SourceModifiedAt" = u.mtime, "UpdatedAt" = u.now,
                "DiagnosticsJson" = u.diag, "ImportedSha256" = coalesce(u.imported, a."ImportedSha256"),
                "Byline" = u.byline, "PublishedAt" = u.published, "Dateline" = u.dateline, "SourceUrl" = u.url
            FROM unnest(@id, @title, @norm, @summary, @words, @images, @links, @file, @sha, @size, @enc, @eol, @mtime, @now, @diag,
                @imported, @byline, @published, @dateline, @url)
                AS u(id, title, norm, summary, words, images, links, file, sha, size, enc, eol, mtime, now, diag,
                    imported, byline, published, dateline, url)
            WHERE a."Id" = u.id
            """,
            IntArray("id", ids), TextArray("title", rows.Select(r => r.Title)), TextArray("norm", rows.Select(r => r.NormalizedTitle)),
            TextArray("summary", rows.Select(r => r.Summary)), IntArray("words", rows.Select(r => r.WordCount)),
            IntArray("images", rows.Select(r => r.ImageCount)), IntArray("links", rows.Select(r => r.RelatedLinkCount)),
            TextArray("file", rows.Select(r => r.FileName)), TextArray("sha", rows.Select(r => r.Sha256)), LongArray("size", rows.Select(r => r.Size)),
            TextArray("enc", rows.Select(r => r.Encoding)), TextArray("eol", rows.Select(r => r.LineEndings)),
            LongArray("mtime", rows.Select(r => r.ModifiedTicks)), LongArray("now", rows.Select(r => r.NowTicks)),
            TextArray("diag", rows.Select(r => r.DiagnosticsJson)), TextArray("imported", _replaced.Select(r => r.ImportedSha256)),
            TextArray("byline", rows.Select(r => r.Byline)), LongArray("published", rows.Select(r => r.PublishedTicks)),
            TextArray("dateline", rows.Select(r => r.Dateline)), TextArray("url", rows.Select(r => r.SourceUrl)));
    }

    private void CopyArticles()
    {
        if (_added.Count == 0)
        {
            return;
        }

        using var copy = connection.BeginBinaryImport("""
            COPY "Articles" ("Id", "Slug", "Title", "NormalizedTitle", "Summary", "WordCount", "ImageCount", "RelatedLinkCount",
                "SourceFileName", "Sha256", "SourceSize", "SourceEncoding", "SourceLineEndings", "SourceModifiedAt", "ImportedAt", "UpdatedAt",
                "DiagnosticsJson", "Origin", "ImportedSha256", "Byline", "PublishedAt", "Dateline", "SourceUrl", "FirstSeenAt")
            FROM STDIN (FORMAT BINARY)
            """);
        foreach (var a in _added)
        {
            var r = a.Row;
            copy.StartRow();
            copy.Write(a.Id, NpgsqlDbType.Integer);
            Write(copy, a.Slug);
            Write(copy, r.Title);
            Write(copy, r.NormalizedTitle);
            Write(copy, r.Summary);
            copy.Write(r.WordCount, NpgsqlDbType.Integer);
            copy.Write(r.ImageCount, NpgsqlDbType.Integer);
            copy.Write(r.RelatedLinkCount, NpgsqlDbType.Integer);
            Write(copy, r.FileName);
            Write(copy, r.Sha256);
            copy.Write(r.Size, NpgsqlDbType.Bigint);
            Write(copy, r.Encoding);
            Write(copy, r.LineEndings);
            copy.Write(r.ModifiedTicks, NpgsqlDbType.Bigint);
            copy.Write(r.NowTicks, NpgsqlDbType.Bigint);
            copy.Write(r.NowTicks, NpgsqlDbType.Bigint);
            Write(copy, r.DiagnosticsJson);
            Write(copy, a.Origin);
            Write(copy, a.ImportedSha256);
            Write(copy, r.Byline);
            Write(copy, r.PublishedTicks);
            Write(copy, r.Dateline);
            Write(copy, r.SourceUrl);
            copy.Write(a.FirstSeenTicks, NpgsqlDbType.Bigint);
        }

        copy.Complete();
    }

    /// <summary>Images, teasers and body blocks of every held article, each table in one copy.</summary>
    private void CopyChildren(List<Held> articles)
    {
        using (var images = connection.BeginBinaryImport("""
            COPY "Images" ("Id", "ArticleId", "Position", "Caption", "Credit", "CreditAgency", "CreditPhotographer", "FirstLine", "LastLine")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var a in articles)
            {
                var id = a.FirstImage;
                var position = 0;
                foreach (var image in a.Row.Blocks.OfType<ImageRow>())
                {
                    images.StartRow();
                    images.Write(id++, NpgsqlDbType.Integer);
                    images.Write(a.Id, NpgsqlDbType.Integer);
                    images.Write(++position, NpgsqlDbType.Integer);
                    Write(images, image.Caption);
                    Write(images, image.Credit);
                    Write(images, image.CreditAgency);
                    Write(images, image.CreditPhotographer);
                    images.Write(image.FirstLine, NpgsqlDbType.Integer);
                    images.Write(image.LastLine, NpgsqlDbType.Integer);
                }
            }

            images.Complete();
        }

        using (var links = connection.BeginBinaryImport("""
            COPY "RelatedLinks" ("Id", "ArticleId", "Position", "Title", "NormalizedTitle", "Marker", "TargetArticleId", "FirstLine", "LastLine")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var a in articles)
            {
                var id = a.FirstLink;
                var position = 0;
                foreach (var link in a.Row.Blocks.OfType<LinkRow>())
                {
                    links.StartRow();
                    links.Write(id++, NpgsqlDbType.Integer);
                    links.Write(a.Id, NpgsqlDbType.Integer);
                    links.Write(++position, NpgsqlDbType.Integer);
                    Write(links, link.Title);
                    Write(links, link.NormalizedTitle);
                    Write(links, link.Marker);
                    links.WriteNull();
                    links.Write(link.FirstLine, NpgsqlDbType.Integer);
                    links.Write(link.LastLine, NpgsqlDbType.Integer);
                }
            }

            links.Complete();
        }

        using var blocks = connection.BeginBinaryImport("""
            COPY "BodyBlocks" ("ArticleId", "Position", "Type", "Text", "ImageId", "RelatedLinkId", "FirstLine", "LastLine")
            FROM STDIN (FORMAT BINARY)
            """);
        foreach (var a in articles)
        {
            int image = a.FirstImage, link = a.FirstLink, position = 0;
            foreach (var block in a.Row.Blocks)
            {
                blocks.StartRow();
                blocks.Write(a.Id, NpgsqlDbType.Integer);
                blocks.Write(++position, NpgsqlDbType.Integer);
                switch (block)
                {
                    case ImageRow:
                        Write(blocks, nameof(BlockType.Image));
                        blocks.WriteNull();
                        blocks.Write(image++, NpgsqlDbType.Integer);
                        blocks.WriteNull();
                        break;
                    case LinkRow:
                        Write(blocks, nameof(BlockType.RelatedLink));
                        blocks.WriteNull();
                        blocks.WriteNull();
                        blocks.Write(link++, NpgsqlDbType.Integer);
                        break;
                    case ParagraphRow paragraph:
                        Write(blocks, nameof(BlockType.Paragraph));
                        Write(blocks, paragraph.Text);
                        blocks.WriteNull();
                        blocks.WriteNull();
                        break;
                }

                blocks.Write(block.FirstLine, NpgsqlDbType.Integer);
                blocks.Write(block.LastLine, NpgsqlDbType.Integer);
            }
        }

        blocks.Complete();
    }

    private void CopySources()
    {
        if (_sources.Count == 0)
        {
            return;
        }

        using var copy = connection.BeginBinaryImport("""COPY "ArticleSources" ("ArticleId", "Text") FROM STDIN (FORMAT BINARY)""");
        foreach (var (id, text) in _sources)
        {
            copy.StartRow();
            copy.Write(id, NpgsqlDbType.Integer);
            copy.Write(text, NpgsqlDbType.Bytea);
        }

        copy.Complete();
    }

    /// <summary>
    /// The search vectors of every held article and its images, from the texts <see cref="PostgresArticleWriter"/>
    /// indexes. A tsvector has no binary form Npgsql builds from text, so each table gets one cast from an array.
    /// </summary>
    private void IndexArticles(List<Held> articles)
    {
        if (articles.Count == 0)
        {
            return;
        }

        var images = articles.SelectMany(a => a.Row.Blocks.OfType<ImageRow>().Select((image, i) => (Id: a.FirstImage + i, Image: image))).ToList();
        using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            INSERT INTO "ArticleSearchVectors" ("ArticleId", "Vector") SELECT id, vector::tsvector FROM unnest(@ids, @vectors) AS v(id, vector)
            ON CONFLICT ("ArticleId") DO UPDATE SET "Vector" = excluded."Vector"
            """, IntArray("ids", articles.Select(a => a.Id)), TextArray("vectors", articles.Select(a => ArticleVector(a.Row)))));
        if (images.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO "ImageSearchVectors" ("ImageId", "Vector") SELECT id, vector::tsvector FROM unnest(@ids, @vectors) AS v(id, vector)
                """, IntArray("ids", images.Select(i => i.Id)), TextArray("vectors", images.Select(i => TsVectors.ForImage(i.Image.Caption, i.Image.Credit)))));
        }

        batch.ExecuteNonQuery();
    }

    private static void Write(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void Write(NpgsqlBinaryImporter copy, long? value)
    {
        if (value is { } v)
        {
            copy.Write(v, NpgsqlDbType.Bigint);
        }
        else
        {
            copy.WriteNull();
        }
    }

    private static NpgsqlParameter IntArray(string name, IEnumerable<int> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = values.ToArray() };

    private static NpgsqlParameter LongArray(string name, IEnumerable<long?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values.ToArray() };

    private static NpgsqlParameter LongArray(string name, IEnumerable<long> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values.ToArray() };

    private static NpgsqlParameter TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };
}
