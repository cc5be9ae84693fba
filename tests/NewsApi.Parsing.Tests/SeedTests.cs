
namespace NewsApi.Parsing.Tests;

public class SeedTests
{
    private static ParseResult ParseSeed() => Parse.Bytes(File.ReadAllBytes(RepoPaths.Seed), "000_0782390d389fb1a1.txt");

    [Fact]
    public void Seed_has_the_headline_on_line_one()
    {
        var article = ParseSeed().Article!;
        Assert.Equal("North Korean officials head to US amid suggestions of second Trump/Kim summit", article.Headline);
        Assert.Equal(1, article.HeadlineLine);
    }

    [Fact]
    public void Seed_has_one_image_with_split_credit_covering_the_duplicate_line()
    {
        var image = Assert.Single(ParseSeed().Article!.Images);
        Assert.Equal("Senior North Korean official Kim Yong Chol arrives at Beijing International Airport heading for Washington", image.Caption);
        Assert.Equal(new Credit("REUTERS/Jason Lee", "REUTERS", "Jason Lee"), image.Credit);
        Assert.Equal(new LineRange(3, 4), image.Lines);
    }

    [Fact]
    public void Seed_has_two_teasers_with_exact_headlines()
    {
        var teasers = ParseSeed().Article!.RelatedLinks.ToList();
        Assert.Equal(
            [
                new RelatedLinkBlock("MORE", "Indonesian woman, 44, mauled to death by 4.4m-long pet crocodile after falling into its enclosure", LineRange.OneLine(18)),
                new RelatedLinkBlock("MORE", "Drink driver, 39, killed partner in passenger seat and smashed into 22 cars after all-day session", LineRange.OneLine(19)),
            ],
            teasers);
    }

    [Fact]
    public void Seed_blocks_come_in_reading_order_with_their_lines()
    {
        var blocks = ParseSeed().Article!.Blocks;
        Assert.Equal(
            ["image 3-4", "paragraph 6", "paragraph 8", "paragraph 10", "paragraph 12", "paragraph 14", "paragraph 16",
             "teaser 18", "teaser 19", "paragraph 21", "paragraph 23"],
            blocks.Select(b => $"{Kind(b)} {b.Lines}"));
    }

    [Fact]
    public void Seed_paragraphs_are_exact()
    {
        var paragraphs = ParseSeed().Article!.Paragraphs.Select(p => p.Text).ToList();
        Assert.Equal(8, paragraphs.Count);
        Assert.Equal("North Korean officials are heading to the US amid suggestions of a second summit between Donald Trump and Kim Jong Un.", paragraphs[0]);
        Assert.StartsWith("Kim Yong Chol, said to be North Korea\u2019s lead negotiator", paragraphs[1], StringComparison.Ordinal);
        Assert.Equal("It is not known if he will visit the White House.", paragraphs[5]);
        Assert.StartsWith("A White House spokesperson told CNN: \u201CA lot of positive things", paragraphs[6], StringComparison.Ordinal);
        Assert.EndsWith("at a place and time yet to be determined.\u201D", paragraphs[7], StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_provenance_and_no_diagnostics()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Seed);
        var result = ParseSeed();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), result.Source.Sha256);
        Assert.Equal(bytes.Length, result.Source.Size);
        Assert.Equal("utf-8", result.Source.Encoding);
        Assert.Equal("LF", result.Source.LineEndings);
        Assert.Equal("000_0782390d389fb1a1.txt", result.Source.FileName);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Article!.Boilerplate);
    }

    internal static string Kind(Block b) => b switch
    {
        ParagraphBlock => "paragraph",
        ImageBlock => "image",
        RelatedLinkBlock => "teaser",
        _ => "?",
    };
}
