using System.Text;
using Microsoft.EntityFrameworkCore;
using NewsApi.Data;
using NewsApi.Data.Import;
using NewsApi.Data.Postgres.Import;
using NewsApi.Parsing;
using Npgsql;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// The set-based import writer (binary COPY, deletes by <c>= ANY</c>, updates from <c>unnest</c>) against the
/// row-by-row writer the API's writes use: the same calls in the same order leave the same rows in every table the
/// writers own, search vectors, id marks and modification times included.
/// </summary>
public sealed class ImportWriterTests
{
    [Fact]
    public async Task The_import_writer_leaves_every_row_the_row_by_row_writer_leaves()
    {
        var files = Parsed();
        Assert.True(files.Count > 20, $"only {files.Count} articles parsed");
        Assert.Contains(files, f => f.Article.Images.Any() && f.Article.RelatedLinks.Any());

        await using var rows = await WriteStore.PostgresAsync();
        await using var set = await WriteStore.PostgresAsync();
        foreach (var (store, bulk) in new[] { (rows, false), (set, true) })
        {
            await RunAsync(store, bulk, files);
        }

        var expected = await DumpAsync(rows);
        Assert.Contains("ArticleTombstones|(", expected, StringComparison.Ordinal);
        Assert.Contains("ImageSearchVectors|(", expected, StringComparison.Ordinal);
        Assert.Equal(expected, await DumpAsync(set));
    }

    /// <summary>
    /// Four transactions, as four import batches would send them: every article inserted; then half replaced by
    /// another file's content, some touched, one given its source again, three removed; then one of the removed
    /// restored; then more removed at once, as a pruning import does.
    /// </summary>
    private static async Task RunAsync(WriteStore store, bool bulk, List<(ParseResult Result, ParsedArticle Article, byte[] Bytes, string File)> files)
    {
        var now = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        var modified = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        await using var connection = new NpgsqlConnection(store.Postgres.ConnectionString);
        await connection.OpenAsync();
        var ids = new List<int>();
        InTransaction(connection, bulk, writer =>
        {
            var slugs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in files)
            {
                ids.Add(writer.Insert(f.Result, f.Article, f.Bytes, f.File, modified, Slugs.Unique(f.Article.Headline, slugs), now));
            }
        });

        InTransaction(connection, bulk, writer =>
        {
            for (var i = 0; i < ids.Count; i += 2)
            {
                var other = files[(i + 5) % files.Count];
                writer.Replace(ids[i], other.Result, other.Article, other.Bytes, files[i].File, modified.AddDays(1), now.AddHours(1), fromFile: i % 4 == 0);
            }

            writer.Touch(ids[1], modified.AddDays(2));
            writer.Touch(ids[3], modified.AddDays(3));
            writer.StoreSource(ids[5], Encoding.UTF8.GetBytes("a new source text"));
            foreach (var i in new[] { 7, 9, 11 })
            {
                writer.Remove(ids[i], now.AddHours(2), "pruned");
            }
        });

        await using (var db = store.CreateContext())
        {
            var tombstone = await db.ArticleTombstones.AsNoTracking().SingleAsync(t => t.ArticleId == ids[9]);
            InTransaction(connection, bulk, writer =>
            {
                var f = files[2];
                writer.Restore(tombstone, f.Result, f.Article, f.Bytes, files[9].File, modified.AddDays(4), now.AddHours(3));
                writer.Insert(f.Result, f.Article, f.Bytes, "late.txt", modified, "late-arrival", now.AddHours(3));
            });
        }

        InTransaction(connection, bulk, writer =>
        {
            foreach (var i in new[] { 0, 1, 13 })
            {
                writer.Remove(ids[i], now.AddHours(4), "deleted");
            }
        });
    }

    private static void InTransaction(NpgsqlConnection connection, bool bulk, Action<IArticleWriter> write)
    {
        using var tx = connection.BeginTransaction();
        using (IArticleWriter writer = bulk ? new PostgresImportWriter(connection, tx) : new PostgresArticleWriter(connection, tx))
        {
            write(writer);
            writer.Flush();
        }

        tx.Commit();
    }

    /// <summary>The project's own articles: the shipped seed and the parser's fixtures.</summary>
    private static List<(ParseResult Result, ParsedArticle Article, byte[] Bytes, string File)> Parsed()
    {
        using var source = new SourceDir();
        source.CopyFromRepo("data/articles", "seed");
        source.CopyFromRepo("tests/NewsApi.Parsing.Tests/Fixtures", "fixtures");
        var parsed = new List<(ParseResult, ParsedArticle, byte[], string)>();
        foreach (var path in Directory.EnumerateFiles(source.Path, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            var file = Path.GetRelativePath(source.Path, path);
            var result = ArticleParser.Parse(bytes, file);
            if (result.Article is { } article && ArticleLimits.Check(article) is null)
            {
                parsed.Add((result, article, bytes, file));
            }
        }

        return parsed;
    }

    /// <summary>Every row of every table the writers write, each as PostgreSQL renders the whole row.</summary>
    private static async Task<string> DumpAsync(WriteStore store)
    {
        var sb = new StringBuilder();
        await using var connection = new NpgsqlConnection(store.Postgres.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[]
        {
            "Articles", "BodyBlocks", "Images", "RelatedLinks", "ArticleSources", "ArticleTombstones", "ArticleSearchVectors",
            "ImageSearchVectors", "IdHighWater",
        })
        {
            await using var command = new NpgsqlCommand($"""SELECT t::text FROM "{table}" t ORDER BY 1""", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sb.Append(table).Append('|').Append(reader.GetString(0)).Append('\n');
            }
        }

        return sb.ToString();
    }
}
