using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NewsApi.Data.Postgres.Search;
using NewsApi.Data.Search;
using NewsApi.Search;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// The writer fills PostgreSQL's search index as SQLite's writer fills FTS5: after an import, and after files are
/// changed, removed and restored, every query finds the same articles and the same images on both providers.
/// </summary>
public sealed partial class ImportedSearchTests
{
    [Fact]
    public async Task Imported_articles_are_found_by_the_same_queries_on_PostgreSQL_as_on_SQLite()
    {
        using var source = new SourceDir();
        source.CopyFromRepo("data/articles", "seed");
        source.CopyFromRepo("tests/NewsApi.Parsing.Tests/Fixtures", "fixtures");
        source.Write("zz/a.txt", SourceDir.Article("Harbour reopens after storm", "Ferry timetable changes"));
        await using var sqlite = await WriteStore.SqliteAsync();
        await using var postgres = await WriteStore.PostgresAsync();
        await sqlite.ImportAsync(source.Path);
        await postgres.ImportAsync(source.Path);

        var queries = await QueriesAsync(sqlite);
        Assert.True(queries.Count > 50, $"only {queries.Count} queries");
        await AssertSameMatchesAsync(sqlite, postgres, queries);

        // A changed file replaces the article's index, a removed one takes it away, a restored one brings it back.
        source.Write("zz/a.txt", SourceDir.Article("Lighthouse keeper retires", "Ferry timetable changes"));
        source.Delete("seed/" + Path.GetFileName(Directory.GetFiles(Path.Combine(source.Path, "seed"))[0]));
        await sqlite.ImportAsync(source.Path, prune: true);
        await postgres.ImportAsync(source.Path, prune: true);
        await AssertSameMatchesAsync(sqlite, postgres, [.. queries, "lighthouse", "harbour", "\"reopens after storm\""]);
    }

    /// <summary>
    /// The hold-out: the real articles of the shared corpus (read in place, never copied into the repository), with
    /// their encodings, variants and bad files, give the same store and the same search matches on both providers.
    /// A missing corpus fails: this suite runs where the corpus is (CI puts it beside the clone).
    /// </summary>
    [Fact]
    public async Task The_shared_corpus_gives_the_same_store_and_matches_on_PostgreSQL_as_on_SQLite()
    {
        var corpus = Path.GetFullPath(Environment.GetEnvironmentVariable("NEWSAPI_CORPUS") is { Length: > 0 } given
            ? given
            : Path.Combine(SourceDir.RepoRoot(), "..", "shared", "corpus"));
        Assert.True(Directory.Exists(corpus), $"the corpus is not at {corpus} (put shared/ beside the repository or set NEWSAPI_CORPUS)");
        await using var sqlite = await WriteStore.SqliteAsync();
        await using var postgres = await WriteStore.PostgresAsync();

        var expected = await sqlite.ImportAsync(corpus);
        var actual = await postgres.ImportAsync(corpus);
        Assert.True(expected.Imported >= 150, $"only {expected.Imported} corpus articles imported");
        Assert.Equal((expected.FilesSeen, expected.Imported, expected.Skipped.Count), (actual.FilesSeen, actual.Imported, actual.Skipped.Count));
        Assert.Equal(await sqlite.DumpAsync(), await postgres.DumpAsync());

        var queries = await QueriesAsync(sqlite);
        Assert.True(queries.Count > 100, $"only {queries.Count} queries");
        await AssertSameMatchesAsync(sqlite, postgres, queries);
    }

    private static async Task AssertSameMatchesAsync(WriteStore sqlite, WriteStore postgres, IReadOnlyList<string> queries)
    {
        await using var db = postgres.CreateContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var reference = sqlite.CreateContext();
        await reference.Database.OpenConnectionAsync();
        var sqliteConnection = (SqliteConnection)reference.Database.GetDbConnection();
        var found = 0;
        foreach (var input in queries)
        {
            var query = FtsQuery.TryParse(input, out var error) ?? throw new InvalidOperationException($"{input}: {error}");
            var expected = Match(sqliteConnection, "ArticleSearch", query);
            var page = await PostgresSearch.RankArticlesAsync(connection, query, 10_000, 0, null, CancellationToken.None);
            Assert.True(expected.SequenceEqual(page.Items.Select(i => i.Id).Order()), $"articles for {input}: SQLite [{string.Join(',', expected)}]");
            Assert.Equal(expected.Count, page.Total);
            var images = (await PostgresSearch.MatchImagesAsync(connection, query, CancellationToken.None)).Order().ToList();
            Assert.True(Match(sqliteConnection, "ImageSearch", query).SequenceEqual(images), $"images for {input}");
            found += expected.Count;
        }

        Assert.True(found > queries.Count, $"the queries found {found} articles in all: they test little");
    }

    private static List<int> Match(SqliteConnection connection, string table, SearchQuery query)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid FROM {table} WHERE {table} MATCH $q ORDER BY rowid";
        command.Parameters.AddWithValue("$q", query.ToFts5());
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    /// <summary>Words, prefixes and phrases taken from the imported titles, paragraphs and captions.</summary>
    private static async Task<List<string>> QueriesAsync(WriteStore sqlite)
    {
        await using var db = sqlite.CreateContext();
        var texts = await db.Articles.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Title).Take(40).ToListAsync();
        texts.AddRange(await db.Images.AsNoTracking().OrderBy(i => i.Id).Select(i => i.Caption).Take(40).ToListAsync());
        texts.AddRange(await db.BodyBlocks.AsNoTracking().Where(b => b.Text != null).OrderBy(b => b.ArticleId).ThenBy(b => b.Position).Select(b => b.Text!).Take(40).ToListAsync());
        var queries = new List<string>();
        foreach (var text in texts)
        {
            var words = Word().Matches(text).Select(m => m.Value).Where(w => w.Length > 3).ToList();
            if (words.Count == 0)
            {
                continue;
            }

            queries.Add(words[0]);
            queries.Add(words[^1][..3] + "*");
            if (words.Count > 2)
            {
                queries.Add($"\"{words[1]} {words[2]}\"");
                queries.Add($"{words[0]} OR {words[2]}");
            }
        }

        return queries;
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
