using System.Text;
using Microsoft.Data.Sqlite;
using NewsApi.Data.Postgres.Search;
using NewsApi.Data.Search;
using NewsApi.Parsing;
using NewsApi.Search;
using Npgsql;
using NpgsqlTypes;

namespace NewsApi.Postgres.Tests;

/// <summary>An article as both search indexes see it: title, captions and body, each caption and paragraph followed by a newline.</summary>
public sealed record SearchDocument(string Title, string Captions, string Body);

/// <summary>
/// Documents for comparing the two providers' search: the parser's fixtures (parsed as an import parses them) and
/// seeded random articles, plus queries drawn from their own words, so most queries find something.
/// </summary>
public static class SearchDocuments
{
    public static List<SearchDocument> Fixtures()
    {
        var folder = Path.Combine(RepoRoot(), "tests", "NewsApi.Parsing.Tests", "Fixtures");
        var documents = Directory.EnumerateFiles(folder, "*.txt", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => ArticleParser.Parse(File.ReadAllBytes(path), Path.GetFileName(path)).Article)
            .OfType<ParsedArticle>()
            .Select(a => new SearchDocument(a.Headline,
                string.Concat(a.Images.Select(i => i.Caption + "\n")),
                string.Concat(a.Paragraphs.Select(p => p.Text + "\n"))))
            .ToList();
        Assert.True(documents.Count >= 20, $"only {documents.Count} parsed fixtures under {folder}");
        return documents;
    }

    // Words that repeat across documents (so queries find several), with their folded and accented spellings, and
    // separators that are hard to quote: apostrophes, double quotes, backslashes, emoji, newlines.
    private static readonly string[] Vocabulary =
    [
        "bridge", "Bridge", "BRIDGE", "bridges", "tunnel", "Zürich", "zurich", "Zu\u0308rich", "café", "CAFE", "cafe",
        "e\u0301cole", "École", "ёлка", "елка", "Ελληνικά", "ελληνικα", "東京", "橋", "naïve", "O'Brien", "don't",
        "back\\slash", "4.4m-long", "good👍🏽news", "🏽news", "ß", "straße", "mayor", "new", "york", "the", "a", "of",
        "ǅemal", "ǆemal", "Ǆemal", "x", "xy", "xyz", "xylophone", "ﬁnance", "ＡＢＣ", "abc",
    ];

    private static readonly string[] Separators = [" ", " ", " ", ", ", ". ", ": ", "\n", " \"", "\" ", " '", "' ", " \\ ", " 🙂 ", "-", "—", "\t", "’"];

    public static List<SearchDocument> Random(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => new SearchDocument(Text(random, random.Next(1, 8)), Lines(random, random.Next(0, 3), 6), Lines(random, random.Next(0, 4), 25)))
            .ToList();
    }

    private static string Lines(Random random, int lines, int words) =>
        string.Concat(Enumerable.Range(0, lines).Select(_ => Text(random, random.Next(1, words)) + "\n"));

    private static string Text(Random random, int words)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0)
            {
                sb.Append(Separators[random.Next(Separators.Length)]);
            }

            sb.Append(Vocabulary[random.Next(Vocabulary.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Search boxes made of the documents' own words as they are written: single words, phrases inside a column,
    /// phrases across the end of one column and the start of the next (which FTS5 never matches), prefixes, OR and
    /// exclusions. Those the parser refuses (too expensive, no words) are left out.
    /// </summary>
    public static List<SearchQuery> Queries(IReadOnlyList<SearchDocument> documents, int seed, int count)
    {
        var random = new Random(seed);
        var queries = new List<SearchQuery>();
        while (queries.Count < count)
        {
            var text = random.Next(6) switch
            {
                0 => Word(random, documents),
                1 => "\"" + Phrase(random, documents) + "\"",
                2 => "\"" + AcrossColumns(random, documents) + "\"",
                3 => Prefix(random, documents),
                4 => Word(random, documents) + " OR \"" + Phrase(random, documents) + "\"",
                _ => Word(random, documents) + " -" + (random.Next(2) == 0 ? Word(random, documents) : "\"" + Phrase(random, documents) + "\""),
            };
            if (text.Length > 0 && FtsQuery.TryParse(text, out _) is { } query)
            {
                queries.Add(query);
            }
        }

        return queries;
    }

    private static List<string> Typed(string text) =>
        FtsTokenizer.Tokenize(text).Select(t => text.Substring(t.Start, t.Length)).ToList();

    private static List<string> Column(Random random, SearchDocument d) =>
        Typed(random.Next(3) switch { 0 => d.Title, 1 => d.Captions, _ => d.Body });

    private static string Word(Random random, IReadOnlyList<SearchDocument> documents)
    {
        var words = Column(random, documents[random.Next(documents.Count)]);
        return words.Count == 0 ? string.Empty : words[random.Next(words.Count)];
    }

    private static string Phrase(Random random, IReadOnlyList<SearchDocument> documents)
    {
        var words = Column(random, documents[random.Next(documents.Count)]);
        if (words.Count == 0)
        {
            return string.Empty;
        }

        var start = random.Next(words.Count);
        return string.Join(' ', words.Skip(start).Take(random.Next(2, 4)));
    }

    private static string AcrossColumns(Random random, IReadOnlyList<SearchDocument> documents)
    {
        var d = documents[random.Next(documents.Count)];
        var columns = new[] { Typed(d.Title), Typed(d.Captions), Typed(d.Body) }.Where(c => c.Count > 0).ToList();
        if (columns.Count < 2)
        {
            return Phrase(random, documents);
        }

        var i = random.Next(columns.Count - 1);
        return columns[i][^1] + " " + columns[i + 1][0];
    }

    private static string Prefix(Random random, IReadOnlyList<SearchDocument> documents)
    {
        var word = Word(random, documents);
        var runes = word.EnumerateRunes().ToList();
        return runes.Count == 0 ? string.Empty : string.Concat(runes.Take(random.Next(1, runes.Count + 1))) + "*";
    }

    /// <summary>The ids (1-based positions) of the documents the FTS5 MATCH string finds, in FTS5's own table.</summary>
    public static List<List<int>> MatchInSqlite(IReadOnlyList<SearchDocument> documents, IEnumerable<SearchQuery> queries)
    {
        using var connection = OpenSqlite(documents);
        return queries.Select(q =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $q ORDER BY rowid";
            command.Parameters.AddWithValue("$q", q.ToFts5());
            using var reader = command.ExecuteReader();
            var ids = new List<int>();
            while (reader.Read())
            {
                ids.Add(reader.GetInt32(0));
            }

            return ids;
        }).ToList();
    }

    /// <summary>An in-memory FTS5 table made as the SQLite migration makes <c>ArticleSearch</c>, holding the documents.</summary>
    public static SqliteConnection OpenSqlite(IReadOnlyList<SearchDocument> documents)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE VIRTUAL TABLE ArticleSearch USING fts5(Title, Body, Captions, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')";
        command.ExecuteNonQuery();
        command.CommandText = "INSERT INTO ArticleSearch (rowid, Title, Body, Captions) VALUES ($id, $title, $body, $captions)";
        for (var i = 0; i < documents.Count; i++)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", i + 1);
            command.Parameters.AddWithValue("$title", documents[i].Title);
            command.Parameters.AddWithValue("$body", documents[i].Body);
            command.Parameters.AddWithValue("$captions", documents[i].Captions);
            command.ExecuteNonQuery();
        }

        return connection;
    }

    /// <summary>The ids the <c>tsquery</c> finds among the documents' <c>tsvector</c>s (each cast from its text form on the server).</summary>
    public static async Task<List<List<int>>> MatchInPostgresAsync(IReadOnlyList<SearchDocument> documents, IEnumerable<SearchQuery> queries)
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE d AS SELECT * FROM unnest(@ids, @vectors::tsvector[]) AS d(id, v)", connection))
        {
            create.Parameters.AddWithValue("ids", Enumerable.Range(1, documents.Count).ToArray());
            create.Parameters.AddWithValue("vectors", documents.Select(d => TsVectors.ForArticle(d.Title, d.Captions, d.Body)).ToArray());
            await create.ExecuteNonQueryAsync();
        }

        var results = new List<List<int>>();
        foreach (var query in queries)
        {
            var ids = new List<int>();
            if (TsQueries.From(query) is { } tsquery)
            {
                await using var command = new NpgsqlCommand("SELECT id FROM d WHERE v @@ @q ORDER BY id", connection);
                command.Parameters.Add(new NpgsqlParameter<NpgsqlTsQuery>("q", NpgsqlDbType.TsQuery) { TypedValue = tsquery });
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetInt32(0));
                }
            }

            results.Add(ids);
        }

        return results;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NewsApi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NewsApi.sln not found above the test output.");
    }
}
