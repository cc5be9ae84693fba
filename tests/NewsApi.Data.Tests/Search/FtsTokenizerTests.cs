using System.Text;
using NewsApi.Data.Search;

namespace NewsApi.Data.Tests.Search;

/// <summary>
/// <see cref="FtsTokenizer"/> against SQLite FTS5 itself (<see cref="Fts5Reference"/>): the same words, folded the
/// same way, in the same order, for hand-picked cases, the parser's fixtures and seeded random text.
/// </summary>
public sealed class FtsTokenizerTests
{
    // Diacritics go from Latin letters only (Greek and Cyrillic keep theirs), ligatures and ß stay whole, and an
    // emoji skin-tone modifier is a letter to FTS5's tables (it starts a word) while the emoji before it is not.
    [Theory]
    [InlineData("The 4.4m-long bridge", new[] { "the", "4", "4m", "long", "bridge" })]
    [InlineData("don't stop", new[] { "don", "t", "stop" })]
    [InlineData("Zürich Café ÅNGSTRÖM", new[] { "zurich", "cafe", "angstrom" })]
    [InlineData("e\u0301cole nai\u0308ve", new[] { "ecole", "naive" })]
    [InlineData("Ελληνικά ΆΣΤΡΑ", new[] { "ελληνικά", "άστρα" })]
    [InlineData("Москва, ЁЛКА!", new[] { "москва", "ёлка" })]
    [InlineData("東京都 日本語", new[] { "東京都", "日本語" })]
    [InlineData("good👍🏽news😀again", new[] { "good", "🏽news", "again" })]
    [InlineData("Straße ǅungla Ǆ", new[] { "straße", "ǆungla", "ǆ" })]
    [InlineData("ＦＵＬＬ width ９", new[] { "ｆｕｌｌ", "width", "９" })]
    [InlineData("\u0301 alone", new[] { "alone" })]
    [InlineData("a\uD800b c\uDC00", new[] { "a", "b", "c" })]
    [InlineData("", new string[0])]
    public void Words_are_what_sqlite_fts5_indexes(string text, string[] expected)
    {
        Assert.Equal(Fts5Reference.Tokenize([text])[0], expected);
        Assert.Equal(expected, FtsTokenizer.Words(text));
    }

    [Fact]
    public void Each_token_points_at_the_text_it_came_from()
    {
        const string text = "Zürich's e\u0301cole, 👍 4.4m-long";

        var tokens = FtsTokenizer.Tokenize(text);

        Assert.Equal(["Zürich", "s", "e\u0301cole", "4", "4m", "long"], tokens.Select(t => text.Substring(t.Start, t.Length)));
        Assert.All(tokens, t => Assert.Equal([t.Text], FtsTokenizer.Words(text.Substring(t.Start, t.Length))));
    }

    [Fact]
    public void The_parser_fixtures_tokenize_as_in_sqlite()
    {
        var folder = Path.Combine(RepoRoot(), "tests", "NewsApi.Parsing.Tests", "Fixtures");
        var texts = Directory.EnumerateFiles(folder, "*.txt", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => File.ReadAllText(path, Encoding.UTF8))
            .ToList();
        Assert.True(texts.Count >= 20, $"only {texts.Count} fixtures under {folder}");

        AssertSameAsSqlite(texts);
    }

    [Fact]
    public void Random_text_from_many_scripts_tokenizes_as_in_sqlite()
    {
        var random = new Random(17);
        var texts = Enumerable.Range(0, 3000).Select(_ => RandomText(random, random.Next(0, 40))).ToList();

        AssertSameAsSqlite(texts);
    }

    [Fact]
    public void Random_text_from_any_code_point_tokenizes_as_in_sqlite()
    {
        var random = new Random(1717);
        var texts = Enumerable.Range(0, 2000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => AnyCodePoint(random))))
            .ToList();

        AssertSameAsSqlite(texts);
    }

    // Ranges where FTS5's rules bite: ASCII, Latin with diacritics and combining marks, scripts with case, scripts
    // without, digits of other scripts, full-width forms, emoji and their modifiers, Deseret (the only folding
    // outside the BMP), letters added to Unicode after FTS5's tables (Georgian Mtavruli, Cherokee lower case),
    // private use, and lone surrogates.
    private static readonly (int From, int To)[] Pools =
    [
        (0x20, 0x7E), (0x20, 0x7E), (0x09, 0x0D), (0xA0, 0xFF), (0x100, 0x24F), (0x250, 0x2FF), (0x300, 0x36F),
        (0x370, 0x3FF), (0x400, 0x52F), (0x530, 0x58F), (0x590, 0x5FF), (0x600, 0x6FF), (0x900, 0x97F),
        (0xE00, 0xE7F), (0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x13A0, 0x13FF), (0xAB70, 0xABBF), (0x1E00, 0x1FFF),
        (0x2000, 0x206F), (0x2100, 0x218F), (0x2460, 0x24FF), (0x2C00, 0x2C7F), (0x3000, 0x30FF), (0x4E00, 0x4FFF),
        (0xA640, 0xA7FF), (0xAC00, 0xACFF), (0xFB00, 0xFB4F), (0xFE00, 0xFE0F), (0xFF00, 0xFFEF), (0xFFF0, 0xFFFF),
        (0x10400, 0x1044F), (0x1D400, 0x1D7FF), (0x1F300, 0x1FAFF), (0x1F3FB, 0x1F3FF), (0x20000, 0x2004F),
        (0xE000, 0xE0FF), (0xF0000, 0xF00FF), (0xD800, 0xDFFF),
    ];

    private static string RandomText(Random random, int length)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var (from, to) = Pools[random.Next(Pools.Length)];
            var cp = random.Next(from, to + 1);
            sb.Append(cp is >= 0xD800 and <= 0xDFFF ? ((char)cp).ToString() : char.ConvertFromUtf32(cp));
        }

        return sb.ToString();
    }

    private static string AnyCodePoint(Random random)
    {
        // Most code points are unassigned, so half the draws come from the BMP, where the scripts are.
        var cp = random.Next(2) == 0 ? random.Next(1, 0x10000) : random.Next(1, 0x110000);
        return cp is >= 0xD800 and <= 0xDFFF ? ((char)cp).ToString() : char.ConvertFromUtf32(cp);
    }

    private static void AssertSameAsSqlite(List<string> texts)
    {
        // A long text with a NUL does not reach FTS5 whole (Microsoft.Data.Sqlite cuts a text parameter of more than
        // about 512 UTF-8 bytes at its first NUL), so these texts have none.
        Assert.DoesNotContain(texts, t => t.Contains('\0', StringComparison.Ordinal));
        var expected = Fts5Reference.Tokenize(texts);
        for (var i = 0; i < texts.Count; i++)
        {
            var actual = FtsTokenizer.Words(texts[i]).ToList();
            Assert.True(expected[i].SequenceEqual(actual),
                $"text {i} {Escape(texts[i])}: SQLite [{string.Join(", ", expected[i].Select(Escape))}], FtsTokenizer [{string.Join(", ", actual.Select(Escape))}]");
        }
    }

    private static string Escape(string s) =>
        "\"" + string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}")) + "\"";

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
