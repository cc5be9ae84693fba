namespace NewsApi.Parsing.Tests;

public class StructureTests
{
    [Fact]
    public void Paragraphs_split_on_one_or_many_blank_lines_and_quotes_stay_split()
    {
        var article = Parse.Article("A short title\n\n\n\u201CFirst half of a quote.\n\n\n\nSecond half.\u201D\n  \n\t\nLast.\n\n");
        Assert.Equal(
            [new ParagraphBlock("\u201CFirst half of a quote.", LineRange.OneLine(4)), new ParagraphBlock("Second half.\u201D", LineRange.OneLine(8)), new ParagraphBlock("Last.", LineRange.OneLine(11))],
            article.Blocks);
    }

    [Fact]
    public void Files_without_blank_lines_split_on_single_newlines()
    {
        var article = Parse.Article("A short title\nhttps://www.example.com/2017/04/16/a-story/\nFirst paragraph\nsecond paragraph starts lower case.\nThird.");
        Assert.Equal(["First paragraph", "second paragraph starts lower case.", "Third."], article.Paragraphs.Select(p => p.Text));
        Assert.Equal([new BoilerplateLine("https://www.example.com/2017/04/16/a-story/", 2, "source-url")], article.Boilerplate);
    }

    [Fact]
    public void Hard_wrapped_lines_are_joined_in_files_with_blank_lines()
    {
        var article = Parse.Article("A short title\n\nThe young \nlovers, who both come from Illinois, \nwere arrested.\nFire\n chiefs said the blaze was out.\n'We would take further action'\nYasin Patel, Prestige Vaping\n\nNext.\n");
        Assert.Equal(
            [
                new ParagraphBlock("The young lovers, who both come from Illinois, were arrested.", new LineRange(3, 5)),
                new ParagraphBlock("Fire chiefs said the blaze was out.", new LineRange(6, 7)),
                new ParagraphBlock("'We would take further action'", LineRange.OneLine(8)),
                new ParagraphBlock("Yasin Patel, Prestige Vaping", LineRange.OneLine(9)),
                new ParagraphBlock("Next.", LineRange.OneLine(11)),
            ],
            article.Blocks);
    }

    [Theory]
    [InlineData("Scroll down for video", "video-prompt")]
    [InlineData("Facebook Twitter Pinterest", "share-prompt")]
    [InlineData("ADVERTISEMENT", "advert")]
    [InlineData("\u2013 Advertisement \u2013", "advert")]
    [InlineData("Hide Ad", "advert")]
    [InlineData("Share this story everywhere. If you know any Bernie supporters, share this with them.", "share-prompt")]
    [InlineData("Follow us on Twitter & Instagram", "share-prompt")]
    [InlineData("Follow Lena on Twitter: @Lenadecasparis", "share-prompt")]
    [InlineData("You can follow Anthony on Twitter @awzurcher", "share-prompt")]
    [InlineData("Get in touch with our news team by emailing us at webnews@metro.co.uk.", "footer")]
    [InlineData("Privacy Policy", "footer")]
    [InlineData("Are you in the grips of the storm? Please share your videos, pictures and stories at iReport.", "share-prompt")]
    [InlineData("Watch more of our videos on Shots!", "video-prompt")]
    public void Boilerplate_is_kept_out_of_the_body(string line, string kind)
    {
        var result = Parse.Text("A short title\n\nBefore.\n" + line + "\nAfter.\n");
        var article = result.Article!;
        Assert.Equal(["Before.", "After."], article.Paragraphs.Select(p => p.Text));
        Assert.Equal([new BoilerplateLine(line, 4, kind)], article.Boilerplate);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.Boilerplate && d.Severity == DiagnosticSeverity.Info && d.Line == 4);
    }

    [Theory]
    [InlineData("He shared the story on Facebook and Twitter with friends.")]
    [InlineData("The advertisement ran for weeks in every paper.")]
    [InlineData("Matt may be reached by email. Follow him on Twitter @Matt.")]
    public void Sentences_about_the_same_things_stay_text(string line)
    {
        Assert.Equal([line], Parse.Article("A short title\n\n" + line + "\n").Paragraphs.Select(p => p.Text));
    }

    [Fact]
    public void Highlight_blocks_at_the_end_are_boilerplate()
    {
        var article = Parse.Article("A short title\n\nBody text.\n\n@highlight\n\nSky has won the fight\n\n@highlight\n\nPrice set at 19.95");
        Assert.Equal([new ParagraphBlock("Body text.", LineRange.OneLine(3))], article.Blocks);
        Assert.Equal([5, 7, 9, 11], article.Boilerplate.Select(b => b.Line));
        Assert.All(article.Boilerplate, b => Assert.Equal("highlight", b.Kind));
    }

    [Fact]
    public void Markup_only_lines_are_accounted_as_boilerplate()
    {
        var article = Parse.Article("A short title\n\nOne.\n<br>\nTwo.\n");
        Assert.Equal(["One.", "Two."], article.Paragraphs.Select(p => p.Text));
        Assert.Equal([new BoilerplateLine(string.Empty, 4, "markup")], article.Boilerplate);
    }

    [Theory]
    [InlineData("Ad sales boost Time Warner profit")]
    [InlineData("TRUMP SCIENCE ADVISOR DENIES APOLLO MOON LANDINGS EVER HAPPENED")]
    [InlineData("JUST IN: As Trump And The DOJ Reopen Hillary\u2019s Investigation, She Escapes!")]
    [InlineData("Kendall Jenner Has Another 22nd Birthday Bash With Blake Griffin, Kim Kardashian, and More: Pics!")]
    [InlineData("Is this the end?")]
    [InlineData("Democrats Unveil Slogans For Each U.S.")]
    public void Title_lines_are_headlines(string title)
    {
        Assert.Equal(title, Parse.Article(title + "\n\nBody.\n").Headline);
    }

    [Theory]
    [InlineData("Sky have won the bidding war for the rights to screen the fight, as revealed last Friday.\n\nMore text.\n")]
    [InlineData("If Rex Tillerson is nominated, it would confirm Putin as a victor\r\nBarack Obama has ordered an inquiry.\r\n")]
    [InlineData("https://www.example.com/story\n\nBody.\n")]
    [InlineData("By\nRichard Spillett\n\nBody.\n")]
    [InlineData("Updated Dec. 25 at 3:53 pm E.T.\n\nBody.\n")]
    [InlineData("Stevie Martin | Staff Writer | Tuesday, 25 November 2014\n\nBody.\n")]
    [InlineData("Investing\n\nBody.\n")]
    [InlineData("MORE: A teaser first\n\nBody.\n")]
    [InlineData("<em>A caption first (Picture: AP)</em>\n\nBody.\n")]
    public void Body_only_files_have_no_headline(string text)
    {
        var result = Parse.Text(text);
        Assert.Null(result.Article);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((DiagnosticCodes.NoHeadline, 1), (error.Code, error.Line));
    }

    [Fact]
    public void A_headline_longer_than_two_hundred_characters_is_refused()
    {
        Assert.Null(Parse.Text(new string('w', 201).Replace("ww", "w ", StringComparison.Ordinal) + "\n\nBody.\n").Article);
    }

    [Fact]
    public void Leading_blank_lines_are_skipped_before_the_headline()
    {
        var article = Parse.Article("\n\n  A late title  \n\nBody.\n");
        Assert.Equal(("A late title", 3), (article.Headline, article.HeadlineLine));
    }

    [Fact]
    public void Headline_is_cleaned_like_body_text()
    {
        Assert.Equal("Caf\u00E9 & bar \u2019opens\u2019", Parse.Article("<b>Caf&#233;</b> &amp; bar &#8217;opens&#8217;\n\nBody.").Headline);
    }

    [Theory]
    [InlineData("\"Just quoted\"", "Just quoted")]
    [InlineData("\"He said \"\"no\"\" today\"", "He said \"no\" today")]
    [InlineData("\"Half\" quoted \"line\"", "\"Half\" quoted \"line\"")]
    public void Csv_quotes_are_unwrapped_only_for_a_whole_field(string title, string expected)
    {
        Assert.Equal(expected, Parse.Article(title + "\r\n").Headline);
    }
}
