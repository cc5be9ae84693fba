namespace NewsApi.Parsing.Tests;

public class HelperTests
{
    [Theory]
    [InlineData("Trump\u2019s vow \u2013 not so fast!", "trump's vow - not so fast")]
    [InlineData("  \u201CQuoted\u201D   headline...  ", "\"quoted\" headline")]
    [InlineData("Caf\u00E9 opens", "caf\u00E9 opens")]
    [InlineData("Cafe\u0301 opens", "caf\u00E9 opens")]
    [InlineData("Soft\u00ADhyphen and\u00A0nbsp?", "softhyphen and nbsp")]
    [InlineData("...", "")]
    public void Headline_normalizer(string input, string expected) => Assert.Equal(expected, HeadlineNormalizer.Normalize(input));

    [Fact]
    public void Teaser_and_article_headlines_meet_after_normalising()
    {
        Assert.Equal(
            HeadlineNormalizer.Normalize("Drink driver, 39, killed partner in passenger seat \u2014 after all-day session"),
            HeadlineNormalizer.Normalize("DRINK DRIVER, 39, killed partner in passenger seat - after all-day session."));
    }

    [Fact]
    public void Summary_line_for_the_seed()
    {
        var result = ArticleParser.Parse(File.ReadAllBytes(RepoPaths.Seed), "000_0782390d389fb1a1.txt");
        Assert.Equal(
            "articles/000_0782390d389fb1a1.txt\tok\tutf-8\tLF\tNorth Korean officials head to US amid suggestions of second Trump/Kim summit\t8\t1\t1\t2\t0\t-",
            ParseSummary.FormatLine("articles/000_0782390d389fb1a1.txt", result));
        Assert.Equal(11, ParseSummary.Header.Split('\t').Length);
    }

    [Fact]
    public void Summary_line_for_a_skipped_file_and_sorted_codes()
    {
        var skipped = Parse.Bytes([]);
        Assert.Equal("empty.txt\tskipped\tutf-8\tnone\t-\t-\t-\t-\t-\t-\tempty-file:1", ParseSummary.FormatLine("empty.txt", skipped));

        var fallback = Parse.Bytes([.. "A\tlong "u8, .. Enumerable.Repeat((byte)'x', 100), 0x92, .. "\r\n\r\nScroll down for video\r\nPrivacy Policy\r\n"u8]);
        var line = ParseSummary.FormatLine("a.txt", fallback).Split('\t');
        Assert.Equal(11, line.Length);
        Assert.Equal(("windows-1252", "CRLF"), (line[2], line[3]));
        Assert.Equal(80, line[4].Length);
        Assert.EndsWith("\u2026", line[4], StringComparison.Ordinal);
        Assert.StartsWith("A long xxx", line[4], StringComparison.Ordinal);
        Assert.Equal("boilerplate:2,encoding-fallback:1,no-body:1", line[10]);
    }
}
