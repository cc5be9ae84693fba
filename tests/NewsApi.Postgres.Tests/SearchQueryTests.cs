using Microsoft.Data.Sqlite;
using NewsApi.Data.Postgres.Search;
using NewsApi.Data.Search;
using NewsApi.Search;
using Npgsql;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// The same search box finds the same texts on both providers: FTS5 with the MATCH string <see cref="FtsQuery"/>
/// renders, and PostgreSQL with the <c>tsquery</c> <see cref="TsQueries"/> renders from the same parsed query, against
/// the <c>tsvector</c> <see cref="TsVectors"/> builds from the words <see cref="FtsTokenizer"/> finds.
/// </summary>
public sealed class SearchQueryTests
{
    private static readonly string[] Texts =
    [
        "The 4.4m-long bridge opened in Zürich on Monday.",
        "A tunnel under the river, not a bridge, was the cheaper plan.",
        "New York's mayor and London's mayor met at the École in Paris.",
        "Ελληνικά νέα: η γέφυρα άνοιξε. Москва: ёлка на площади.",
        "Don't cross the long bridge at night, the council said.",
        "Café owners in zurich say the new bridge brought customers.",
        "東京都の新しい橋 opened; good👍🏽news for commuters.",
        "The bridge-building firm lost the tender for the tunnel.",
    ];

    [Theory]
    [InlineData("bridge")]
    [InlineData("Zürich")]
    [InlineData("ZURICH cafe")]
    [InlineData("zur*")]
    [InlineData("brid* -tunnel")]
    [InlineData("\"long bridge\"")]
    [InlineData("\"bridge long\"")]
    [InlineData("\"4.4m long\"")]
    [InlineData("4.4m-long")]
    [InlineData("don't")]
    [InlineData("tunnel OR Paris")]
    [InlineData("\"new york\" OR london*")]
    [InlineData("mayor -\"new york\"")]
    [InlineData("ecole")]
    [InlineData("Ελληνικά")]
    [InlineData("ελληνικα")]
    [InlineData("ёлка")]
    [InlineData("елка")]
    [InlineData("東京都の新しい橋")]
    [InlineData("🏽news")]
    [InlineData("bridge \u0301")]
    [InlineData("bridge OR \u0301")]
    [InlineData("bridge -\u0301")]
    [InlineData("b* -\"the bridge\"")]
    public async Task A_query_finds_the_same_texts_in_postgres_as_in_sqlite(string input)
    {
        var query = FtsQuery.TryParse(input, out var error);
        Assert.True(query is not null, error);

        var sqlite = MatchInSqlite(query.ToFts5());
        var postgres = await MatchInPostgresAsync(TsQueries.From(query));

        Assert.Equal(sqlite, postgres);
    }

    [Fact]
    public void A_term_without_words_for_fts5_makes_a_required_group_match_nothing()
    {
        // A combining accent after a space continues no word: the parser keeps it as a term, and FTS5 finds no word in it.
        var query = FtsQuery.TryParse("bridge \u0301", out _)!;

        Assert.Null(TsQueries.From(query));
        Assert.NotNull(TsQueries.From(FtsQuery.TryParse("bridge OR \u0301", out _)!));
    }

    private static List<int> MatchInSqlite(string match)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')";
        command.ExecuteNonQuery();
        for (var i = 0; i < Texts.Length; i++)
        {
            command.CommandText = "INSERT INTO t(rowid, x) VALUES ($id, $x)";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", i + 1);
            command.Parameters.AddWithValue("$x", Texts[i]);
            command.ExecuteNonQuery();
        }

        command.CommandText = "SELECT rowid FROM t WHERE t MATCH $q ORDER BY rowid";
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$q", match);
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private static async Task<List<int>> MatchInPostgresAsync(NpgsqlTypes.NpgsqlTsQuery? query)
    {
        await using var database = await PostgresDatabase.CreateAsync();
        if (query is null)
        {
            return [];
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM unnest(@ids, @vectors::tsvector[]) AS d(id, v) WHERE v @@ @q ORDER BY id", connection);
        command.Parameters.AddWithValue("ids", Enumerable.Range(1, Texts.Length).ToArray());
        command.Parameters.AddWithValue("vectors", Texts.Select(t => TsVectors.ForArticle(string.Empty, string.Empty, t)).ToArray());
        command.Parameters.AddWithValue("q", query);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<int>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }
}
