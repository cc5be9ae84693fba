using System.Text;
using Microsoft.Data.Sqlite;
using NewsApi.Data.Search;
using NewsApi.Parsing;

namespace NewsApi.Data.Tests.Search;

/// <summary>
/// <see cref="FtsHighlights"/> side by side with FTS5's own <c>highlight()</c> and <c>snippet()</c>, called as the
/// SQLite article search calls them, on an <c>ArticleSearch</c> table made as the migration makes it: the same
/// labelled highlights for the same article and query.
/// </summary>
public sealed class FtsHighlightsTests
{
    [Fact]
    public void A_title_and_a_body_match_are_marked_as_on_sqlite()
    {
        var document = new Document("Seaside kiosk's fish & chips <prices> spark \"debate\"", "The kiosk at the pier\n",
            "The kiosk sells fish & chips for <5 pounds, \"cheap\" as 'ever', said the owner.\n");
        var query = Query(["kiosk"]);

        var highlights = FtsHighlights.ForArticle(query, document.Title, document.Captions, document.Body);

        Assert.Equal(
            [
                new SearchHighlight("title", "Seaside <mark>kiosk</mark>&#39;s fish &amp; chips &lt;prices&gt; spark &quot;debate&quot;"),
                new SearchHighlight("body", "The <mark>kiosk</mark> sells fish &amp; chips for &lt;5 pounds, &quot;cheap&quot; as &#39;ever&#39;, said the owner.\n"),
                new SearchHighlight("caption", "The <mark>kiosk</mark> at the pier\n"),
            ],
            highlights);
        Assert.Equal(FromSqlite([document], [query])[0][1], highlights);
    }

    [Fact]
    public void A_long_body_is_cut_to_a_window_around_the_matches_as_on_sqlite()
    {
        var body = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"w{i}")) + ". Then the ferry left: " +
            string.Join(' ', Enumerable.Range(60, 80).Select(i => $"w{i}")) + " ferry and harbour w200 w201.\n";
        var document = new Document("Ferry", string.Empty, body);
        var queries = new[] { Query(["ferry"]), Query(["harbour"]), Query(["w1"]), Query(["w139"]), Query(["ferry"], ["harbour"]), Query(["w7*"]) };

        var expected = FromSqlite([document], queries);

        for (var i = 0; i < queries.Length; i++)
        {
            Assert.Equal(expected[i][1], FtsHighlights.ForArticle(queries[i], document.Title, document.Captions, document.Body));
        }

        Assert.Contains(expected[0][1], h => h.Field == "body" && h.Text.StartsWith('…') && h.Text.EndsWith('…'));
    }

    [Fact]
    public void The_parser_fixtures_get_the_same_highlights_as_on_sqlite()
    {
        var folder = Path.Combine(FtsTokenizerTests.RepoRoot(), "tests", "NewsApi.Parsing.Tests", "Fixtures");
        var documents = Directory.EnumerateFiles(folder, "*.txt", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => ArticleParser.Parse(File.ReadAllBytes(path), Path.GetFileName(path)).Article)
            .OfType<ParsedArticle>()
            .Select(a => new Document(a.Headline, string.Concat(a.Images.Select(i => i.Caption + "\n")), string.Concat(a.Paragraphs.Select(p => p.Text + "\n"))))
            .ToList();
        Assert.True(documents.Count >= 20, $"only {documents.Count} parsed fixtures");

        AssertSameAsSqlite(documents, RandomQueries(new Random(23), documents, 150));
    }

    [Fact]
    public void Random_articles_get_the_same_highlights_as_on_sqlite()
    {
        var random = new Random(2323);
        var documents = Enumerable.Range(0, 120)
            .Select(_ => new Document(Text(random, random.Next(1, 10)), Lines(random, random.Next(0, 4), 20), Lines(random, random.Next(0, 6), 40)))
            .ToList();

        AssertSameAsSqlite(documents, RandomQueries(random, documents, 250));
    }

    private sealed record Document(string Title, string Captions, string Body);

    private static readonly string[] Vocabulary =
    [
        "bridge", "Bridge", "tunnel", "Zürich", "zurich", "café", "CAFE", "e\u0301cole", "ёлка", "Ελληνικά", "東京", "don't",
        "back\\slash", "4.4m-long", "good👍🏽news", "the", "a", "of", "ferry", "harbour", "x", "xy", "xylophone", "<b>", "&amp;",
    ];

    private static readonly string[] Separators = [" ", " ", " ", ", ", ". ", ": ", ".\n", " \"", "\" ", " '", " \\ ", " 🙂 ", "-", "\t", ":  "];

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

    // Up to three required groups of one or two alternatives, each a word, a phrase or a prefix taken from a document.
    private static List<SearchQuery> RandomQueries(Random random, List<Document> documents, int count)
    {
        var queries = new List<SearchQuery>();
        while (queries.Count < count)
        {
            var groups = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => (IReadOnlyList<SearchTerm>)Enumerable.Range(0, random.Next(1, 3)).Select(_ => Term(random, documents)).OfType<SearchTerm>().ToList())
                .Where(g => g.Count > 0)
                .ToList();
            if (groups.Count > 0)
            {
                queries.Add(new SearchQuery(groups, []));
            }
        }

        return queries;
    }

    private static SearchTerm? Term(Random random, List<Document> documents)
    {
        var d = documents[random.Next(documents.Count)];
        var text = random.Next(3) switch { 0 => d.Title, 1 => d.Captions, _ => d.Body };
        var words = FtsTokenizer.Tokenize(text).Select(t => text.Substring(t.Start, t.Length)).ToList();
        if (words.Count == 0)
        {
            return null;
        }

        var start = random.Next(words.Count);
        var phrase = words.Skip(start).Take(random.Next(1, 4)).ToList();
        var prefix = random.Next(4) == 0;
        if (prefix)
        {
            var runes = phrase[^1].EnumerateRunes().ToList();
            phrase[^1] = string.Concat(runes.Take(random.Next(1, runes.Count + 1)));
        }

        return new SearchTerm(phrase, prefix);
    }

    private static SearchQuery Query(string[] words, string[]? alternative = null) =>
        new([alternative is null ? [new SearchTerm(words, false)] : [new SearchTerm(words, false), new SearchTerm(alternative, false)]], []);

    private static void AssertSameAsSqlite(List<Document> documents, List<SearchQuery> queries)
    {
        var expected = FromSqlite(documents, queries);
        var compared = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            foreach (var (id, highlights) in expected[q])
            {
                var d = documents[id - 1];
                var actual = FtsHighlights.ForArticle(queries[q], d.Title, d.Captions, d.Body);
                Assert.True(highlights.SequenceEqual(actual),
                    $"{queries[q].ToFts5()} on document {id}:\nSQLite     {string.Join(" | ", highlights)}\nFtsHighlights {string.Join(" | ", actual)}");
                compared++;
            }
        }

        Assert.True(compared >= queries.Count, $"only {compared} matches compared for {queries.Count} queries");
    }

    /// <summary>Per query, each matching document's highlights from FTS5, made as ArticleQueries makes them.</summary>
    private static List<Dictionary<int, List<SearchHighlight>>> FromSqlite(IReadOnlyList<Document> documents, IEnumerable<SearchQuery> queries)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
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

        string[] fields = ["title", "body", "caption"];
        return queries.Select(query =>
        {
            command.CommandText = """
                SELECT rowid,
                    highlight(ArticleSearch, 0, char(57344), char(57345)),
                    snippet(ArticleSearch, 1, char(57344), char(57345), '…', 24),
                    snippet(ArticleSearch, 2, char(57344), char(57345), '…', 16)
                FROM ArticleSearch WHERE ArticleSearch MATCH $match ORDER BY rowid
                """;
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$match", query.ToFts5());
            using var reader = command.ExecuteReader();
            var result = new Dictionary<int, List<SearchHighlight>>();
            while (reader.Read())
            {
                result[reader.GetInt32(0)] = Enumerable.Range(0, 3)
                    .Select(c => new SearchHighlight(fields[c], reader.GetString(c + 1)))
                    .Where(h => h.Text.Contains('\uE000', StringComparison.Ordinal))
                    .Select(h => h with { Text = Html(h.Text) })
                    .ToList();
            }

            return result;
        }).ToList();
    }

    // Written out rather than calling FtsHighlights.ToHtml, so the escaping is checked as well as the marks.
    private static string Html(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal)
            .Replace("\uE000", "<mark>", StringComparison.Ordinal).Replace("\uE001", "</mark>", StringComparison.Ordinal);
}
