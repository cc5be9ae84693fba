using System.Net;
using System.Text;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// Hundreds of hostile search inputs sent to every search parameter: each must answer 200, or 400 with a problem
/// naming the parameter; never 500, never an SQLite or FTS5 error text. Run in Production and in Development.
/// </summary>
public abstract class HostileQueryTests(NewsApiFactory factory)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "/api/v1/articles?q=", "q" },
        { "/api/v1/articles?sort=-updatedAt&pageSize=1&q=", "q" },
        { "/api/v1/images?q=", "q" },
        { "/api/v1/search/suggest?prefix=", "prefix" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Hostile_input_is_a_200_or_a_400_naming_the_parameter(string endpoint, string parameter)
    {
        var client = await factory.CreateReadyClientAsync();
        var failures = new List<string>();
        foreach (var (label, encoded) in HostileQueries.All)
        {
            var response = await client.GetAsync(endpoint + encoded);
            var text = await response.Content.ReadAsStringAsync();
            var problem = Check(response, text, parameter);
            if (problem is not null)
            {
                failures.Add($"{label}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {HostileQueries.All.Count} inputs failed on {endpoint}:\n{string.Join('\n', failures.Take(40))}");
    }

    [Fact]
    public async Task The_battery_gets_both_answers()
    {
        // A battery that only ever got 400s (or only 200s) would not be testing the search itself.
        var client = await factory.CreateReadyClientAsync();
        var statuses = new HashSet<HttpStatusCode>();
        foreach (var (_, encoded) in HostileQueries.All)
        {
            statuses.Add((await client.GetAsync("/api/v1/articles?q=" + encoded)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadRequest], statuses.Order());
        Assert.True(HostileQueries.All.Count >= 200, $"only {HostileQueries.All.Count} hostile inputs");
    }

    private static string? Check(HttpResponseMessage response, string text, string parameter)
    {
        if (text.Contains("fts5", StringComparison.OrdinalIgnoreCase) || text.Contains("SQLite", StringComparison.OrdinalIgnoreCase))
        {
            return $"{(int)response.StatusCode} leaks a database error: {Truncate(text)}";
        }

        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                return response.Content.Headers.ContentType?.MediaType == "application/json" && IsJson(text)
                    ? null
                    : $"200 without a JSON body: {response.Content.Headers.ContentType} {Truncate(text)}";
            case HttpStatusCode.BadRequest:
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    return $"400 as {response.Content.Headers.ContentType}";
                }

                using (var doc = JsonDocument.Parse(text))
                {
                    if (!doc.RootElement.TryGetProperty("errors", out var errors)
                        || !errors.EnumerateObject().Any(e => e.Name.Equals(parameter, StringComparison.OrdinalIgnoreCase)
                            && e.Value.EnumerateArray().Any(m => !string.IsNullOrWhiteSpace(m.GetString()))))
                    {
                        return $"400 that does not name '{parameter}': {Truncate(text)}";
                    }
                }

                return null;
            default:
                return $"{(int)response.StatusCode}: {Truncate(text)}";
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

public sealed class ProductionHostileQueryTests(NewsApiFactory factory) : HostileQueryTests(factory), IClassFixture<NewsApiFactory>;

public sealed class DevelopmentHostileQueryTests(DevelopmentNewsApiFactory factory) : HostileQueryTests(factory), IClassFixture<DevelopmentNewsApiFactory>;

/// <summary>The hostile inputs, each with a label for failure messages and its percent-encoded form for a query string.</summary>
internal static class HostileQueries
{
    // FTS5 query syntax, SQL and LIKE fragments, and punctuation a user might type.
    private static readonly string[] Fragments =
    [
        "NEAR(", "NEAR(a b)", "NEAR(crocodile farm, 2)", "NEAR(crocodile farm, -1)", "NEAR/3", "AND", "OR", "NOT", "AND AND", "OR OR",
        "NOT NOT", "a AND", "AND a", "a NOT", "NOT a", "a OR", "OR a", "a OR OR b", "^", "^a", "a^", "^^", "title:", "title:a",
        "Title : crocodile", "body:crocodile", "captions:x", "Caption:x", "credit:getty", "{title body}:", "{title body}: crocodile",
        "{title", "title}", "-title:x", "-{title}:x", "*", "**", "a*", "*a", "a**", "\"*\"", "\"", "\"a", "a\"", "\"\"", "\"\"\"",
        "\"a\"\"b\"", "(", ")", "()", "((a)", "a)", "(a OR b", ")(", "-", "--", "---a", "- -", "-\"\"", "-*", "-(a)", "+", "+a", "a+b",
        ":", "::", "{", "}", "{}", "[", "]", "[a]", "\\", "\\\"", "'", "''", "' OR 1=1 --", "'; DROP TABLE Articles; --",
        "1; SELECT * FROM sqlite_master", "\" OR \"\"=\"", "%", "_", "%%", "a%b", "a_b", "rank:", "rowid:1", "rowid = 1",
        "ArticleSearch:x", "ImageSearch", "bm25(ArticleSearch)", "MATCH", "x MATCH y", "highlight(", ")--", "/*", "*/", "<script>",
        "&amp;", "a&b", "a|b", "a,b", "a;b", "a.b", "a/b", "a=b", "~a", "!a", "@a", "#a", "$a", "?a", "`a`", "a\u00A0b",
    ];

    // Scripts, marks, symbols and invisible characters; all valid UTF-16.
    private static readonly string[] Unicode =
    [
        "🐊", "🐊🐊🐊", "crocodile🐊", "👩‍👩‍👧", "🇩🇪", "שלום", "مرحبا بالعالم", "\u202Ecrocodile\u202C", "\u200F\u200E", "e\u0301",
        "\u0301", "\u0301\u0301\u0301", "Z\u0308u\u0308rich", "a\u200Db", "\u200B", "\uFEFF", "\uFEFFcrocodile", "\uFFFD", "\uFFFF", "\uFFFE",
        "\uE000", "\uE001", "\uE000crocodile\uE001", "𝐀𝐁𝐂", "\U00020000", "日本語", "ภาษาไทย", "Ελληνικά", "ß", "İstanbul",
        "ﬁsh", "Ⅻ", "½", "²", "x\u0336y", "\u3000", "\u2028", "\u2029", "\u00AD", "\uFDD0",
    ];

    // Percent-encoded bytes that are not valid UTF-8, or control characters.
    private static readonly (string Label, string Encoded)[] RawEncoded =
    [
        ("NUL", "%00"), ("NUL word", "crocodile%00farm"), ("NUL prefix", "%00crocodile"), ("NUL in phrase", "%22a%00b%22"),
        ("lone high surrogate", "%ED%A0%80"), ("lone low surrogate", "%ED%B0%80"), ("surrogate pair as CESU", "%ED%A0%BD%ED%B0%80"),
        ("lone surrogate word", "croc%ED%A0%80odile"), ("overlong NUL", "%C0%80"), ("overlong slash", "%C0%AF"), ("byte FF", "%FF"),
        ("byte FE", "%FE%FF"), ("truncated emoji", "%F0%9F"), ("truncated emoji word", "crocodile%F0%9F"), ("beyond U+10FFFF", "%F4%90%80%80"),
        ("continuation only", "%80%80"), ("DEL", "%7F"), ("NEL", "%C2%85"), ("CR LF", "%0D%0A"), ("tab", "%09crocodile%09"),
        ("escape", "%1B%5B31m"), ("plus as space", "crocodile+farm"), ("percent alone", "%25"), ("bad percent", "%"), ("bad percent 2", "%G1"),
        ("ampersand", "a%26b"), ("hash", "a%23b"), ("equals", "a%3Db"), ("quote ampersand", "%22%26%22"),
    ];

    // Declared after the arrays it is built from: static fields initialise in order.
    public static readonly IReadOnlyList<(string Label, string Encoded)> All = Build();

    private static List<(string Label, string Encoded)> Build()
    {
        var inputs = new List<string>();
        foreach (var f in Fragments.Concat(Unicode))
        {
            inputs.Add(f);
            inputs.Add("crocodile " + f);
            inputs.Add(f + " crocodile");
        }

        for (var c = 1; c < 0x20; c++)
        {
            inputs.Add(((char)c).ToString());
            inputs.Add("croc" + (char)c + "odile");
        }

        // Lengths around the limits: 100 (suggest), 500 (q), far beyond; many terms; deep nesting.
        inputs.AddRange([
            new string('a', 100), new string('a', 101), new string('a', 500), new string('a', 501), new string('a', 10_000),
            new string('"', 10_000), new string('(', 10_000), new string('*', 10_000), new string('-', 501), string.Concat(Enumerable.Repeat("🐊", 300)),
            string.Join(' ', Enumerable.Repeat("a", 33)), string.Join(' ', Enumerable.Repeat("a", 250)), string.Join(" OR ", Enumerable.Repeat("a", 100)),
            string.Join(' ', Enumerable.Range(0, 40).Select(i => "-w" + i)) + " crocodile", string.Concat(Enumerable.Repeat("NEAR(", 99)),
            string.Concat(Enumerable.Repeat("\"a", 200)), string.Concat(Enumerable.Repeat("e\u0301", 250)), string.Concat(Enumerable.Repeat("\u0301", 499)),
        ]);

        var all = inputs.Select(s => (Label(s), Uri.EscapeDataString(s))).ToList();
        all.AddRange(RawEncoded);
        return all;
    }

    private static string Label(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s.Length > 40 ? s[..40] : s)
        {
            sb.Append(c < 0x20 || c is >= '\u007F' and <= '\u009F' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return s.Length > 40 ? $"{sb}… ({s.Length} chars)" : sb.ToString();
    }
}
