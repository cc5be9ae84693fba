using Microsoft.Data.Sqlite;

namespace NewsApi.Data.Tests.Search;

/// <summary>
/// The reference: SQLite's own FTS5 with the tokenizer of the search tables, in memory. Each text is a row, and its
/// tokens are read back in order from an <c>fts5vocab</c> table of type <c>instance</c>, which lists every token
/// FTS5 indexed with its row and position.
/// </summary>
internal static class Fts5Reference
{
    public const string Tokenizer = "unicode61 remove_diacritics 2";

    public static List<List<string>> Tokenize(IReadOnlyList<string> texts)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"""
                CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{Tokenizer}');
                CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');
                """;
            create.ExecuteNonQuery();
        }

        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO t(rowid, x) VALUES ($id, $x)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var x = insert.Parameters.Add("$x", SqliteType.Text);
            for (var i = 0; i < texts.Count; i++)
            {
                id.Value = i + 1;
                x.Value = texts[i];
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var result = texts.Select(_ => new List<string>()).ToList();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT doc, term FROM v ORDER BY doc, col, offset";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            result[(int)reader.GetInt64(0) - 1].Add(reader.GetString(1));
        }

        return result;
    }
}
