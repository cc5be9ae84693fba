namespace NewsApi.Parsing.Tests;

public class TeaserTests
{
    private static List<Block> Blocks(string body) => [.. Parse.Article("A short title\n\n" + body).Blocks];

    private static RelatedLinkBlock T(string marker, string headline, int first, int? last = null) => new(marker, headline, new LineRange(first, last ?? first));

    [Theory]
    [InlineData("MORE: Next story", "MORE")]
    [InlineData("MORE : Next story", "MORE")]
    [InlineData("More: Next story", "MORE")]
    [InlineData("READ MORE: Next story", "READ MORE")]
    [InlineData("Read more: Next story", "READ MORE")]
    [InlineData("Related: Next story", "RELATED")]
    [InlineData("RELATED: Next story", "RELATED")]
    [InlineData("Related article: Next story", "RELATED ARTICLE")]
    [InlineData("See also: Next story", "SEE ALSO")]
    [InlineData("See Also: Next story", "SEE ALSO")]
    [InlineData("Read also: Next story", "READ ALSO")]
    [InlineData("WATCH: Next story", "WATCH")]
    public void Every_marker_is_normalised(string line, string marker)
    {
        Assert.Equal([T(marker, "Next story", 3)], Blocks(line + "\n"));
    }

    [Fact]
    public void Teasers_mid_body_with_and_without_blank_lines()
    {
        Assert.Equal(
            [
                new ParagraphBlock("First.", LineRange.OneLine(3)),
                T("MORE", "A", 4),
                T("MORE", "B", 5),
                new ParagraphBlock("Second.", LineRange.OneLine(6)),
                T("RELATED", "C", 8),
                new ParagraphBlock("Third.", LineRange.OneLine(10)),
            ],
            Blocks("First.\nMORE: A\nMORE: B\nSecond.\n\nRELATED: C\n\nThird.\n"));
    }

    [Fact]
    public void Flattened_teasers_are_split_and_a_footer_lead_in_is_boilerplate()
    {
        var article = Parse.Article("A short title\n\nGet in touch with our news team by emailing us at webnews@metro.co.uk. For more stories like this, check our news page. MORE : This is officially the unhappiest place MORE : 721 children were hurt\nPrivacy Policy\n");
        Assert.Equal([T("MORE", "This is officially the unhappiest place", 3), T("MORE", "721 children were hurt", 3)], article.Blocks);
        Assert.Equal(["footer@3", "footer@4"], article.Boilerplate.Select(b => $"{b.Kind}@{b.Line}"));
    }

    [Fact]
    public void Flattened_teasers_after_a_sentence_keep_the_sentence_as_a_paragraph()
    {
        Assert.Equal(
            [new ParagraphBlock("The end of the story.", LineRange.OneLine(3)), T("MORE", "A", 3), T("READ MORE", "B", 3)],
            Blocks("The end of the story. MORE: A READ MORE: B\n"));
    }

    [Theory]
    [InlineData("He wanted more: money, fame and power.")]
    [InlineData("There is MORE: to it than that")]
    [InlineData("Fans were told to watch: the show starts at eight.")]
    public void Marker_words_in_running_text_are_not_teasers(string line)
    {
        Assert.Equal([new ParagraphBlock(line, LineRange.OneLine(3))], Blocks(line + "\n"));
    }

    [Fact]
    public void Header_line_followed_by_bare_headlines()
    {
        Assert.Equal(
            [
                T("READ MORE", "Is this any way to choose a president? Only half think so", 3, 5),
                T("READ MORE", "Trump\u2019s vow to undo Obama rules? Not so fast", 6),
                new ParagraphBlock("Overall, Obama is leaving office with healthy ratings.", LineRange.OneLine(7)),
            ],
            Blocks("Read more:\n\nIs this any way to choose a president? Only half think so\nTrump\u2019s vow to undo Obama rules? Not so fast\nOverall, Obama is leaving office with healthy ratings.\n"));
    }

    [Fact]
    public void Header_without_headlines_is_boilerplate()
    {
        var article = Parse.Article("A short title\n\nWATCH:\n\nSlow it down one time.\n");
        Assert.Equal([new ParagraphBlock("Slow it down one time.", LineRange.OneLine(5))], article.Blocks);
        Assert.Equal([new BoilerplateLine("WATCH:", 3, "teaser-header")], article.Boilerplate);
    }

    [Fact]
    public void Ten_thousand_teasers_in_a_row()
    {
        var lines = string.Concat(Enumerable.Range(1, 10_000).Select(n => $"MORE: Headline number {n}\n"));
        var teasers = Parse.Article("A short title\n\n" + lines).RelatedLinks.ToList();
        Assert.Equal(10_000, teasers.Count);
        Assert.Equal(T("MORE", "Headline number 10000", 10_002), teasers[^1]);
    }

    [Fact]
    public void Four_thousand_flattened_teasers_on_one_line()
    {
        var line = string.Concat(Enumerable.Repeat("MORE : Headline number ", 4_000));
        var teasers = Parse.Article("A short title\n\n" + line + "\n").RelatedLinks.ToList();
        Assert.Equal(4_000, teasers.Count);
        Assert.All(teasers, t => Assert.Equal(("MORE", "Headline number", 3), (t.Marker, t.Headline, t.Lines.First)));
    }
}
