using Microsoft.EntityFrameworkCore;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using NewsApi.Data.Postgres.Search;
using NewsApi.Data.Search;
using NewsApi.Search;
using Npgsql;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// <see cref="PostgresSearch"/> on a migrated database, against SQLite's FTS5 table holding the same articles: the
/// same matches, a title match above a body-only one on both, and pages that walk every match once.
/// </summary>
public sealed class PostgresSearchTests
{
    [Fact]
    public async Task Searching_finds_the_same_articles_as_fts5()
    {
        var documents = SearchDocuments.Fixtures().Concat(SearchDocuments.Random(seed: 4242, count: 150)).ToList();
        var queries = SearchDocuments.Queries(documents, seed: 424242, count: 200);
        await using var store = await SearchStore.CreateAsync(documents);

        var sqlite = SearchDocuments.MatchInSqlite(documents, queries);
        for (var i = 0; i < queries.Count; i++)
        {
            var page = await PostgresSearch.RankArticlesAsync(store.Connection, queries[i], limit: 1_000, offset: 0, after: null, CancellationToken.None);

            Assert.True(sqlite[i].SequenceEqual(page.Items.Select(m => m.Id).Order()), $"{queries[i].ToFts5()}: SQLite [{string.Join(", ", sqlite[i])}], PostgreSQL [{string.Join(", ", page.Items.Select(m => m.Id).Order())}]");
            Assert.Equal(sqlite[i].Count, page.Total);
        }

        Assert.True(sqlite.Count(ids => ids.Count > 1) > queries.Count / 4, "too few queries find more than one article");
    }

    [Fact]
    public async Task A_title_match_ranks_above_a_caption_match_above_a_body_match_on_both()
    {
        SearchDocument[] documents =
        [
            new("Council meets", "A harbour at dusk\n", "The ferry to the island was late again.\n"),
            new("Ferry strike ends", "Passengers waiting\n", "Crews went back to work on Monday.\n"),
            new("Weather", "The ferry in a storm\n", "Rain all week.\n"),
            new("Markets", string.Empty, "Shares fell.\n"),
        ];
        await using var store = await SearchStore.CreateAsync(documents);

        var page = await PostgresSearch.RankArticlesAsync(store.Connection, Parse("ferry"), limit: 10, offset: 0, after: null, CancellationToken.None);

        Assert.Equal([2, 3, 1], page.Items.Select(m => m.Id));
        Assert.Equal([2, 3, 1], RankInSqlite(documents, Parse("ferry")));
        Assert.True(page.Items[0].Score > page.Items[1].Score && page.Items[1].Score > page.Items[2].Score, string.Join(", ", page.Items));
    }

    [Fact]
    public async Task Pages_by_offset_and_by_cursor_walk_every_match_once_in_order()
    {
        // Equal scores (the same title) are ordered by id, and a cursor on a tie resumes after the right id.
        var documents = Enumerable.Range(0, 23)
            .Select(i => new SearchDocument(i % 3 == 0 ? "Harbour news" : "News", string.Empty, string.Concat(Enumerable.Repeat("harbour ", 1 + (i % 4))) + "\n"))
            .ToList();
        await using var store = await SearchStore.CreateAsync(documents);
        var query = Parse("harbour");
        var all = await PostgresSearch.RankArticlesAsync(store.Connection, query, limit: 100, offset: 0, after: null, CancellationToken.None);

        var byOffset = new List<RankedArticle>();
        var byCursor = new List<RankedArticle>();
        RankedArticle? after = null;
        for (var offset = 0; offset < 30; offset += 5)
        {
            var page = await PostgresSearch.RankArticlesAsync(store.Connection, query, limit: 5, offset, after: null, CancellationToken.None);
            byOffset.AddRange(page.Items);
            Assert.Equal(23, page.Total);
            var next = await PostgresSearch.RankArticlesAsync(store.Connection, query, limit: 5, offset: 0, after, CancellationToken.None);
            byCursor.AddRange(next.Items);
            after = next.Items.Count > 0 ? next.Items[^1] : after;
        }

        Assert.Equal(23, all.Items.Count);
        Assert.Equal(all.Items, byOffset);
        Assert.Equal(all.Items, byCursor);
        Assert.Equal(all.Items.OrderByDescending(m => m.Score).ThenBy(m => m.Id), all.Items);
        Assert.True(all.Items.Select(m => m.Score).Distinct().Count() < 23, "the pages must cross ties");
    }

    [Fact]
    public async Task A_query_with_no_words_for_fts5_finds_nothing_without_asking_the_server()
    {
        await using var store = await SearchStore.CreateAsync([new("Bridge", string.Empty, "bridge\n")]);

        var page = await PostgresSearch.RankArticlesAsync(store.Connection, Parse("bridge \u0301"), limit: 10, offset: 0, after: null, CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task Image_search_matches_captions_and_credits_as_fts5_does()
    {
        (string Caption, string? Credit)[] images =
        [
            ("The Zürich bridge at night", "Reuters/Anna Keller"), ("Crowds on the bridge", null), ("Night market", "AFP"),
            ("Keller's café", "Getty Images"),
        ];
        await using var store = await SearchStore.CreateAsync([new("Photos", string.Empty, "Pictures.\n")], images);
        var queries = new[] { "bridge", "zurich", "keller", "\"bridge reuters\"", "night -reuters", "afp OR getty", "cafe" }.Select(Parse).ToList();

        using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = "CREATE VIRTUAL TABLE ImageSearch USING fts5(Caption, Credit, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')";
        command.ExecuteNonQuery();
        for (var i = 0; i < images.Length; i++)
        {
            command.CommandText = $"INSERT INTO ImageSearch (rowid, Caption, Credit) VALUES ({i + 1}, $caption, $credit)";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$caption", images[i].Caption);
            command.Parameters.AddWithValue("$credit", images[i].Credit ?? string.Empty);
            command.ExecuteNonQuery();
        }

        foreach (var query in queries)
        {
            command.CommandText = "SELECT rowid FROM ImageSearch WHERE ImageSearch MATCH $q ORDER BY rowid";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$q", query.ToFts5());
            var expected = new List<int>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    expected.Add(reader.GetInt32(0));
                }
            }

            Assert.Equal(expected, await PostgresSearch.MatchImagesAsync(store.Connection, query, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Removing_an_article_removes_its_search_rows()
    {
        await using var store = await SearchStore.CreateAsync([new("Bridge", string.Empty, "bridge\n"), new("Tunnel", string.Empty, "tunnel\n")], [("bridge photo", null)]);

        await using (var delete = new NpgsqlCommand("DELETE FROM \"Articles\" WHERE \"Id\" = 1", store.Connection))
        {
            await delete.ExecuteNonQueryAsync();
        }

        Assert.Empty((await PostgresSearch.RankArticlesAsync(store.Connection, Parse("bridge"), 10, 0, null, CancellationToken.None)).Items);
        Assert.Empty(await PostgresSearch.MatchImagesAsync(store.Connection, Parse("bridge"), CancellationToken.None));
    }

    private static SearchQuery Parse(string input) => FtsQuery.TryParse(input, out var error) ?? throw new InvalidOperationException(error);

    /// <summary>The SQLite search's relevance order: bm25 with the column weights ArticleQueries uses, ties by id.</summary>
    private static List<int> RankInSqlite(IReadOnlyList<SearchDocument> documents, SearchQuery query)
    {
        using var connection = SearchDocuments.OpenSqlite(documents);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $q ORDER BY -bm25(ArticleSearch, 10.0, 1.0, 2.0) DESC, rowid";
        command.Parameters.AddWithValue("$q", query.ToFts5());
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    /// <summary>A migrated database holding the documents as articles 1..n, with their search rows.</summary>
    private sealed class SearchStore : IAsyncDisposable
    {
        private readonly PostgresDatabase _database;

        private SearchStore(PostgresDatabase database, NpgsqlConnection connection)
        {
            _database = database;
            Connection = connection;
        }

        public NpgsqlConnection Connection { get; }

        public static async Task<SearchStore> CreateAsync(IReadOnlyList<SearchDocument> documents, IReadOnlyList<(string Caption, string? Credit)>? images = null)
        {
            var database = await PostgresDatabase.CreateAsync();
            var options = new DbContextOptionsBuilder<NewsDbContext>();
            options.UseNewsApiPostgres(database.ConnectionString);
            await using (var db = new NewsDbContext(options.Options))
            {
                await db.Database.MigrateAsync();
            }

            var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var batch = new NpgsqlBatch(connection);
            for (var i = 0; i < documents.Count; i++)
            {
                var article = new NpgsqlBatchCommand("""
                    INSERT INTO "Articles" ("Id", "Slug", "Title", "NormalizedTitle", "Summary", "WordCount", "ImageCount", "RelatedLinkCount",
                        "SourceFileName", "Sha256", "SourceSize", "SourceEncoding", "SourceLineEndings", "SourceModifiedAt", "ImportedAt",
                        "UpdatedAt", "FirstSeenAt", "DiagnosticsJson")
                    VALUES ($1, $2, $3, $3, '', 0, 0, 0, $2, repeat('0', 64), 0, 'utf-8', 'lf', 0, 0, 0, 0, '[]')
                    """);
                article.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i + 1 });
                article.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"article-{i + 1}" });
                article.Parameters.Add(new NpgsqlParameter<string> { TypedValue = documents[i].Title });
                batch.BatchCommands.Add(article);
                // What the writer stores, through the same cast.
                var vector = new NpgsqlBatchCommand("INSERT INTO \"ArticleSearchVectors\" (\"ArticleId\", \"Vector\") VALUES ($1, $2::tsvector)");
                vector.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i + 1 });
                vector.Parameters.Add(new NpgsqlParameter<string> { TypedValue = TsVectors.ForArticle(documents[i].Title, documents[i].Captions, documents[i].Body) });
                batch.BatchCommands.Add(vector);
            }

            for (var i = 0; i < (images?.Count ?? 0); i++)
            {
                var image = new NpgsqlBatchCommand("""
                    INSERT INTO "Images" ("Id", "ArticleId", "Position", "Caption", "Credit", "FirstLine", "LastLine") VALUES ($1, 1, $1, $2, $3, 1, 1)
                    """);
                image.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i + 1 });
                image.Parameters.Add(new NpgsqlParameter<string> { TypedValue = images![i].Caption });
                image.Parameters.Add(new NpgsqlParameter { Value = (object?)images[i].Credit ?? DBNull.Value });
                batch.BatchCommands.Add(image);
                var vector = new NpgsqlBatchCommand("INSERT INTO \"ImageSearchVectors\" (\"ImageId\", \"Vector\") VALUES ($1, $2::tsvector)");
                vector.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i + 1 });
                vector.Parameters.Add(new NpgsqlParameter<string> { TypedValue = TsVectors.ForImage(images[i].Caption, images[i].Credit) });
                batch.BatchCommands.Add(vector);
            }

            await batch.ExecuteNonQueryAsync();
            return new SearchStore(database, connection);
        }

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
