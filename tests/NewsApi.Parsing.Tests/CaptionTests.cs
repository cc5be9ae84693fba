namespace NewsApi.Parsing.Tests;

public class CaptionTests
{
    private static List<Block> Blocks(string body) => [.. Parse.Article("A short title\n\n" + body).Blocks];

    [Theory]
    [InlineData("Crowds gather (Picture: REUTERS/Jason Lee)")]
    [InlineData("Crowds gather (Pictures: REUTERS/Jason Lee)")]
    [InlineData("Crowds gather (Photo: REUTERS/Jason Lee)")]
    [InlineData("Crowds gather (Photos: REUTERS/Jason Lee)")]
    [InlineData("Crowds gather (Image: REUTERS/Jason Lee)")]
    [InlineData("Crowds gather (Credit: REUTERS/Jason Lee)")]
    [InlineData("Crowds gather(Credits: REUTERS/Jason Lee)")]
    [InlineData("Crowds gather (Picture : REUTERS/Jason Lee)")]
    [InlineData("<em>Crowds gather (Picture: REUTERS/Jason Lee)</em>")]
    [InlineData("<i>Crowds gather (Picture: REUTERS/Jason Lee)</i>")]
    [InlineData("Crowds gather Photograph: REUTERS/Jason Lee")]
    [InlineData("Crowds gather\nPhoto: REUTERS/Jason Lee")]
    [InlineData("Crowds gather\nPictures: REUTERS/Jason Lee")]
    [InlineData("Crowds gather\nCredit: REUTERS/Jason Lee View full size image")]
    public void Every_credit_form_gives_caption_and_split_credit(string body)
    {
        var image = Assert.IsType<ImageBlock>(Assert.Single(Blocks(body + "\n")));
        Assert.Equal("Crowds gather", image.Caption);
        Assert.Equal(new Credit("REUTERS/Jason Lee", "REUTERS", "Jason Lee"), image.Credit);
        Assert.Equal(new LineRange(3, 3 + body.Count(c => c == '\n')), image.Lines);
    }

    [Fact]
    public void Em_caption_and_its_plain_duplicate_are_one_image()
    {
        var blocks = Blocks("<em>Kim arrives (Picture: REUTERS/Jason Lee)</em>\nKim arrives (Picture: REUTERS/Jason Lee)\n\nText follows.\n");
        Assert.Equal(
            [new ImageBlock("Kim arrives", new Credit("REUTERS/Jason Lee", "REUTERS", "Jason Lee"), new LineRange(3, 4)), new ParagraphBlock("Text follows.", LineRange.OneLine(6))],
            blocks);
    }

    [Fact]
    public void Em_caption_without_credit_takes_the_credit_of_its_duplicate_or_of_a_credit_line()
    {
        Assert.Equal(
            [new ImageBlock("Kim arrives", new Credit("Getty Images", "Getty Images", null), new LineRange(3, 4))],
            Blocks("<em>Kim arrives</em>\nKim arrives (Picture: Getty Images)\n"));
        Assert.Equal(
            [new ImageBlock("Kim arrives", new Credit("Splash", "Splash", null), new LineRange(3, 5))],
            Blocks("<em>Kim arrives</em>\nKim arrives\nPhoto: Splash\n"));
    }

    [Fact]
    public void Caption_may_have_no_credit()
    {
        Assert.Equal([new ImageBlock("Just a caption", null, LineRange.OneLine(3))], Blocks("<em>Just a caption</em>\n"));
    }

    [Fact]
    public void Guardian_duplicate_caption_around_share_buttons_is_one_image()
    {
        var article = Parse.Article("A short title\n\n Stacks at dusk, Louisiana.\nFacebook Twitter Pinterest\n Stacks at dusk, Louisiana. Photograph: Gerald Herbert/AP\nIn a very real sense, he led a state.\n");
        Assert.Equal(
            [new ImageBlock("Stacks at dusk, Louisiana.", new Credit("Gerald Herbert/AP", "AP", "Gerald Herbert"), new LineRange(3, 5)), new ParagraphBlock("In a very real sense, he led a state.", LineRange.OneLine(6))],
            article.Blocks);
        Assert.Equal([new BoilerplateLine("Facebook Twitter Pinterest", 4, "share-prompt")], article.Boilerplate);
    }

    [Fact]
    public void Guardian_alt_text_that_differs_is_kept_in_a_diagnostic()
    {
        var result = Parse.Text("A short title\n\n Putin and Tillerson shaking hands\nFacebook Twitter Pinterest\n Putin awarded Tillerson a medal. Photograph: Alexei Nikolsky/Tass\n");
        Assert.Equal([new ImageBlock("Putin awarded Tillerson a medal.", new Credit("Alexei Nikolsky/Tass", "Tass", "Alexei Nikolsky"), new LineRange(3, 5))], result.Article!.Blocks);
        var d = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.ImageAltText);
        Assert.Equal(3, d.Line);
        Assert.Contains("Putin and Tillerson shaking hands", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usa_today_and_telegraph_and_ok_and_nbc_forms()
    {
        Assert.Equal(
            [
                new ImageBlock("Clinton walks off the stage in New York on Nov. 9, 2016.", new Credit("Matt Rourke, AP", "AP", "Matt Rourke"), LineRange.OneLine(3)),
                new ImageBlock("The recovery operation at sea", new Credit("AFP/Getty", "AFP/Getty", null), LineRange.OneLine(5)),
                new ImageBlock("Will it be third time lucky for Madonna's ex-husband?", new Credit("Splash", "Splash", null), LineRange.OneLine(7)),
                new ImageBlock("Part of a letter is photographed in Washington, Sunday, Nov. 6, 2016.", new Credit("Jon Elswick / AP", "AP", "Jon Elswick"), new LineRange(9, 10)),
            ],
            Blocks("Clinton walks off the stage in New York on Nov. 9, 2016. (Photo: Matt Rourke, AP)\n\nThe recovery operation at sea (AFP/Getty)\n\nWill it be third time lucky for Madonna's ex-husband? [Splash]\n\nImage:\nPart of a letter is photographed in Washington, Sunday, Nov. 6, 2016. Jon Elswick / AP\n"));
    }

    [Fact]
    public void Standalone_credit_attaches_to_the_line_above_only()
    {
        Assert.Equal(
            [
                new ImageBlock("Kendall Jenner attends her birthday", new Credit("Splash", "Splash", null), new LineRange(3, 4)),
                new ParagraphBlock("A long paragraph about the party.", LineRange.OneLine(6)),
                new ImageBlock(string.Empty, new Credit("Getty Images", "Getty Images", null), LineRange.OneLine(8)),
            ],
            Blocks("Kendall Jenner attends her birthday\nPhoto: Splash\n\nA long paragraph about the party.\n\nPhotos: Getty Images\n"));
    }

    [Fact]
    public void Livescience_credit_line_keeps_the_text_after_the_view_prompt()
    {
        Assert.Equal(
            [
                new ImageBlock("Facts about zombies.", new Credit("By Karl Tate, Infographics Artist", null, null), new LineRange(3, 4)),
                new ParagraphBlock("Facts about zombies. See full infographic", LineRange.OneLine(4)),
            ],
            Blocks("Facts about zombies.\nCredit: By Karl Tate, Infographics Artist View full size image Facts about zombies. See full infographic\n"));
    }

    [Theory]
    [InlineData("The boy (pictured) was found safe.")]
    [InlineData("The boy (pictured left) was found safe at home (with his mother)")]
    [InlineData("Photos: Khloe Kardashian Bares All On Steamy Mexico Trip With Tristan Thompson")]
    [InlineData("He said the photo: a fake, made last year by a group of students in a lab.")]
    [InlineData("The agency (EPA)")]
    public void Running_text_is_not_a_caption(string line)
    {
        Assert.Equal([new ParagraphBlock(line, LineRange.OneLine(3))], Blocks(line + "\n"));
    }

    [Fact]
    public void Unclosed_credit_bracket_is_an_image_with_a_warning()
    {
        var result = Parse.Text("A short title\n\n<em>Kim arrives (Picture: REUTERS/Jason Lee</em>\n");
        Assert.Equal([new ImageBlock("Kim arrives", new Credit("REUTERS/Jason Lee", "REUTERS", "Jason Lee"), LineRange.OneLine(3))], result.Article!.Blocks);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.UnparseableCaption, DiagnosticSeverity.Warning, 3), (d.Code, d.Severity, d.Line));
    }

    [Fact]
    public void Em_credit_without_caption_text_is_reported()
    {
        var result = Parse.Text("A short title\n\n<em>(Picture: Getty Images)</em>\n");
        Assert.Equal([new ImageBlock(string.Empty, new Credit("Getty Images", "Getty Images", null), LineRange.OneLine(3))], result.Article!.Blocks);
        Assert.Contains(result.Diagnostics, d => d.Code is DiagnosticCodes.UnparseableCaption or DiagnosticCodes.CreditWithoutCaption);
    }

    [Theory]
    [InlineData("REUTERS/Jason Lee", "REUTERS", "Jason Lee")]
    [InlineData("Gerald Herbert/AP", "AP", "Gerald Herbert")]
    [InlineData("Jon Elswick / AP", "AP", "Jon Elswick")]
    [InlineData("AP/Reuters", "AP/Reuters", null)]
    [InlineData("NASA/ESA", "NASA/ESA", null)]
    [InlineData("Getty Images", "Getty Images", null)]
    [InlineData("Splash", "Splash", null)]
    [InlineData("Matt Rourke, AP", "AP", "Matt Rourke")]
    [InlineData("Mandel Ngan, AFP/Getty Images", "AFP/Getty Images", "Mandel Ngan")]
    [InlineData("WhiteHaven/Shutterstock.com", "Shutterstock.com", "WhiteHaven")]
    [InlineData("Michelle Bielby", null, null)]
    [InlineData("Courtesy of the vendors", null, null)]
    [InlineData("Jane Doe/John Roe", null, null)]
    [InlineData("a/b/c", null, null)]
    public void Credit_split_rule(string raw, string? agency, string? photographer)
    {
        Assert.Equal(new Credit(raw, agency, photographer), CreditParser.Split(raw));
    }
}
