using System.Text;
using CsCheck;

namespace NewsApi.Parsing.Tests;

/// <summary>Whatever the bytes, the parser returns a result, and that result keeps the invariants.</summary>
public class PropertyTests
{
    private static readonly byte[] Seed = File.ReadAllBytes(RepoPaths.Seed);

    private static readonly string[] Tokens =
    [
        "word", "Word.", "MORE:", "MORE :", "Read more:", "RELATED", "WATCH:", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r",
        "<em>", "</em>", "<b class=\"x\">", "<br/>", "<div>", "<", ">", "&amp;", "&#233;", "&amp;#233;", "&", "&#xD800;", "&#0;",
        "(Picture: REUTERS/Jason Lee)", "(Photo:", ")", "[Splash]", "Photograph: Gerald Herbert/AP", "Photo: Splash",
        "Credit: X View full size image", "Image:", "Getty Images", "Scroll down for video", "Facebook Twitter Pinterest",
        "@highlight", "https://example.com/a", "\u00A0", "\u00AD", "e\u0301", "\u2019", "\u201C", "\uFEFF", "\u0000", "\u0085",
        "\"", "\"\"", "By ", "(pictured)", "A headline line", "\uD83D\uDE00", "\uD800",
    ];

    private static void Holds(byte[] bytes)
    {
        var result = ArticleParser.Parse(bytes, "generated.txt");
        var problems = Invariants.Check(bytes, result);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        if (result.Diagnostics.Any(d => d.Code == DiagnosticCodes.InternalError))
        {
            throw new InvalidOperationException("internal error: " + result.Diagnostics.First(d => d.Code == DiagnosticCodes.InternalError).Message);
        }
    }

    [Fact]
    public void Random_bytes() => Gen.Byte.Array[0, 3000].Sample(Holds, iter: 3000);

    [Fact]
    public void Random_strings() => Gen.String.Sample(s => Holds(Encoding.UTF8.GetBytes(s)), iter: 3000);

    [Fact]
    public void Random_token_soup() =>
        Gen.OneOf(Tokens).Array[0, 120]
            .Select(parts => string.Concat(parts))
            .Sample(s => Holds(Encoding.UTF8.GetBytes(s)), iter: 5000);

    [Fact]
    public void Token_soup_after_a_headline() =>
        Gen.OneOf(Tokens).Array[0, 120]
            .Select(parts => "A headline line\n\n" + string.Concat(parts))
            .Sample(s => Holds(Encoding.UTF8.GetBytes(s)), iter: 5000);

    [Fact]
    public void Seed_with_bit_flips() =>
        Gen.Int[0, Seed.Length * 8 - 1].Array[1, 8]
            .Select(bits =>
            {
                var copy = (byte[])Seed.Clone();
                foreach (var bit in bits)
                {
                    copy[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                return copy;
            })
            .Sample(Holds, iter: 2000);

    [Fact]
    public void Seed_truncated() => Gen.Int[0, Seed.Length].Sample(n => Holds(Seed[..n]), iter: 1000);

    [Fact]
    public void Seed_with_inserted_nuls() =>
        Gen.Int[0, Seed.Length].Array[1, 4]
            .Select(positions =>
            {
                var list = Seed.ToList();
                foreach (var p in positions.OrderDescending())
                {
                    list.Insert(p, 0);
                }

                return list.ToArray();
            })
            .Sample(Holds, iter: 1000);

    [Fact]
    public void Seed_with_duplicated_lines() =>
        Gen.Int[0, 22].Array[1, 6]
            .Select(picks =>
            {
                var lines = Encoding.UTF8.GetString(Seed).Split('\n').ToList();
                foreach (var p in picks)
                {
                    var i = p % lines.Count;
                    lines.Insert(i, lines[i]);
                }

                return Encoding.UTF8.GetBytes(string.Join('\n', lines));
            })
            .Sample(Holds, iter: 1000);

    [Fact]
    public void Seed_with_mixed_line_endings() =>
        // A lone CR before an empty line would merge with its LF, so only LF and CRLF are mixed here.
        Gen.OneOf("\n", "\r\n").Array[23]
            .Select(endings =>
            {
                var lines = Encoding.UTF8.GetString(Seed).Split('\n');
                var sb = new StringBuilder();
                for (var i = 0; i < lines.Length; i++)
                {
                    sb.Append(lines[i]).Append(endings[i % endings.Length]);
                }

                return Encoding.UTF8.GetBytes(sb.ToString());
            })
            .Sample(bytes =>
            {
                Holds(bytes);
                var article = ArticleParser.Parse(bytes, "seed").Article!;
                if (article.Paragraphs.Count() != 8 || article.Images.Count() != 1 || article.RelatedLinks.Count() != 2)
                {
                    throw new InvalidOperationException("line endings changed the structure");
                }
            }, iter: 300);

    [Fact]
    public void The_invariant_checker_catches_a_lost_line()
    {
        var bytes = "A short title\n\nOne.\n\nTwo.\n"u8.ToArray();
        var good = ArticleParser.Parse(bytes, "x");
        Assert.Empty(Invariants.Check(bytes, good));
        var lossy = good with { Article = good.Article! with { Blocks = [.. good.Article.Blocks.Take(1)] } };
        Assert.Contains("line 5 is not accounted for: 'Two.'", Invariants.Check(bytes, lossy));
        var overlapping = good with { Article = good.Article! with { Blocks = [new ParagraphBlock("One.", new LineRange(3, 5)), new ParagraphBlock("Two.", LineRange.OneLine(4))] } };
        Assert.NotEmpty(Invariants.Check(bytes, overlapping));
    }
}
