using NewsApi.Data.Postgres.Search;
using NewsApi.Data.Search;
using NewsApi.Search;
using Npgsql;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// <see cref="TsVectors"/>: the <c>tsvector</c> built in C# finds exactly what FTS5 finds for the same search box,
/// on the parser's fixtures and on seeded random articles, and PostgreSQL accepts it whatever the text.
/// </summary>
public sealed class TsVectorTests
{
    [Fact]
    public void Columns_come_in_order_with_their_weights_and_a_gap_between_them()
    {
        var vector = TsVectors.ForArticle("Bridge opens", "A caption\n", "The bridge\n");

        // Title 1-2, captions from 4, body from 7: no column ends just before the next one starts.
        Assert.Equal("'bridge':1A,8D 'opens':2A 'a':4B 'caption':5B 'the':7D", vector);
    }

    [Fact]
    public async Task The_server_reads_the_vector_the_builder_writes()
    {
        var vector = TsVectors.ForArticle("O'Brien's \"café\" \\ Zürich", "e\u0301cole 👍🏽news\n", "don't ǅemal ΆΣΤΡΑ\n");

        var roundTrip = await ScalarAsync("SELECT @v::tsvector::text", vector);

        // The server prints its words sorted, and D without a letter.
        Assert.Equal("'brien':2A 'cafe':4A 'don':10 'ecole':7B 'o':1A 's':3A 't':11 'zurich':5A 'ǆemal':12 'άστρα':13 '🏽news':8B", roundTrip);
    }

    [Fact]
    public async Task The_parser_fixtures_match_the_same_queries_as_in_sqlite()
    {
        var documents = SearchDocuments.Fixtures();
        await AssertSameMatchesAsync(documents, SearchDocuments.Queries(documents, seed: 17, count: 400));
    }

    [Fact]
    public async Task Random_articles_match_the_same_queries_as_in_sqlite()
    {
        var documents = SearchDocuments.Random(seed: 1717, count: 300);
        await AssertSameMatchesAsync(documents, SearchDocuments.Queries(documents, seed: 171717, count: 600));
    }

    [Fact]
    public async Task A_phrase_never_matches_across_two_columns()
    {
        SearchDocument[] documents = [new("Tower bridge", "Opening day\n", "Crowds came\n"), new("Closed", string.Empty, "Tower bridge opening day crowds\n")];
        var queries = new[] { "\"bridge opening\"", "\"day crowds\"", "\"bridge opening day\"" }.Select(Parse).ToList();

        var sqlite = SearchDocuments.MatchInSqlite(documents, queries);
        var postgres = await SearchDocuments.MatchInPostgresAsync(documents, queries);

        Assert.All(sqlite, ids => Assert.Equal([2], ids));
        Assert.Equal(sqlite, postgres);
    }

    [Fact]
    public async Task A_word_past_the_position_cap_is_found_but_no_phrase_there()
    {
        // 20,000 body words: the last ones are past PostgreSQL's 16,383 positions and share the last one.
        var body = string.Join(' ', Enumerable.Range(0, 20_000).Select(i => $"w{i}")) + " closing words\n";
        SearchDocument[] documents = [new("Long read", string.Empty, body)];
        // Title at 1-2, body from 5: w16376 is at 16381, the last real position; 16382 stays free, w16377 and every later word share 16383.
        var queries = new[] { "w19999", "closing", "\"w100 w101\"", "\"w16375 w16376\"", "\"closing words\"", "\"w16379 w16380\"", "\"w16377 closing\"" }
            .Select(Parse).ToList();

        var sqlite = SearchDocuments.MatchInSqlite(documents, queries);
        var postgres = await SearchDocuments.MatchInPostgresAsync(documents, queries);

        Assert.Equal([[1], [1], [1], [1], [1], [1], []], sqlite);
        // The documented difference: a phrase lying wholly past the cap is not found on PostgreSQL; none is found that FTS5 would not find.
        Assert.Equal([[1], [1], [1], [1], [], [], []], postgres);
    }

    [Fact]
    public async Task A_word_too_long_for_postgres_is_left_out_and_keeps_its_neighbours_apart()
    {
        var longWord = new string('é', 1_100); // 2,200 UTF-8 bytes, over PostgreSQL's 2,047
        SearchDocument[] documents = [new("Before " + longWord + " after", string.Empty, "plain\n")];
        var queries = new[] { "before", "after", "\"before after\"", "plain" }.Select(Parse).ToList();

        var sqlite = SearchDocuments.MatchInSqlite(documents, queries);
        var postgres = await SearchDocuments.MatchInPostgresAsync(documents, queries);

        Assert.Equal([[1], [1], [], [1]], sqlite);
        Assert.Equal(sqlite, postgres);
    }

    [Fact]
    public async Task A_word_keeps_at_most_the_positions_postgres_stores()
    {
        var body = string.Concat(Enumerable.Range(0, 400).Select(i => $"the n{i} ")) + "\n";

        var vector = TsVectors.ForArticle("Title", string.Empty, body);
        var positions = await ScalarAsync("SELECT array_length(positions, 1)::text FROM unnest(@v::tsvector) WHERE lexeme = 'the'", vector);

        Assert.Equal(TsVectors.MaxPositionsPerWord.ToString(System.Globalization.CultureInfo.InvariantCulture), positions);
        Assert.Equal(TsVectors.MaxPositionsPerWord, vector.Split(' ')[1].Split(',').Length);
    }

    private static SearchQuery Parse(string input) => FtsQuery.TryParse(input, out var error) ?? throw new InvalidOperationException(error);

    private static async Task AssertSameMatchesAsync(List<SearchDocument> documents, List<SearchQuery> queries)
    {
        var sqlite = SearchDocuments.MatchInSqlite(documents, queries);
        var postgres = await SearchDocuments.MatchInPostgresAsync(documents, queries);

        for (var i = 0; i < queries.Count; i++)
        {
            Assert.True(sqlite[i].SequenceEqual(postgres[i]),
                $"{queries[i].ToFts5()}: SQLite [{string.Join(", ", sqlite[i])}], PostgreSQL [{string.Join(", ", postgres[i])}]");
        }

        // The queries are drawn from the documents' words, so most find something: the comparison is not of empty sets.
        Assert.True(sqlite.Count(ids => ids.Count > 0) > queries.Count / 2, $"only {sqlite.Count(ids => ids.Count > 0)} of {queries.Count} queries match");
    }

    private static async Task<string?> ScalarAsync(string sql, string vector)
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("v", vector);
        return (string?)await command.ExecuteScalarAsync();
    }
}
