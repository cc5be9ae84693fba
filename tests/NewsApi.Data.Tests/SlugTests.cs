namespace NewsApi.Data.Tests;

public sealed class SlugTests
{
    [Theory]
    [InlineData("North Korean officials head to US amid suggestions of second Trump/Kim summit", "north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit")]
    [InlineData("Zürich café owners protest", "zurich-cafe-owners-protest")]
    [InlineData("Kim Jong Un’s ‘new’ plan: Pics!", "kim-jong-uns-new-plan-pics")]
    [InlineData("2019", "article-2019")]
    [InlineData("!!!", "article")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    public void Slugs_are_lower_case_ascii_words_and_never_all_digits(string headline, string slug) =>
        Assert.Equal(slug, Slugs.FromHeadline(headline));

    [Fact]
    public void Long_headlines_are_cut_at_a_word_boundary()
    {
        var slug = Slugs.FromHeadline(string.Join(' ', Enumerable.Repeat("wordy", 40)));

        Assert.True(slug.Length <= Slugs.MaxLength);
        Assert.EndsWith("wordy", slug);
    }
}
