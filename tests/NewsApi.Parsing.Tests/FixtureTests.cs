namespace NewsApi.Parsing.Tests;

/// <summary>
/// What each source variant of FORMAT-NOTES.md must parse to, on the project's own fixtures (<c>Fixtures/</c>).
/// Each test has a twin in <c>tests/NewsApi.Corpus.Tests</c>, which asserts the same about the real third-party
/// file; these run everywhere, the corpus twins where <c>../shared/corpus</c> is present (CI).
/// </summary>
public class FixtureTests
{
    private const string SiblingTitle = "title-in-sibling-file/dock-closure.title.cp1252.txt";

    public static TheoryData<string> Files() => [.. FixtureFiles.All()];

    [Fact]
    public void The_fixtures_are_there()
    {
        // Guards the copy to the output folder: an empty theory would pass without checking anything.
        Assert.True(FixtureFiles.All().Count() >= 24, "expected the fixture files in " + FixtureFiles.Folder);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_fixture_parses_and_accounts_for_every_line(string relative)
    {
        // Parse.Bytes checks the invariants.
        var result = FixtureFiles.Load(relative);
        Assert.Equal(result.Article is not null, result.Succeeded);
    }

    [Fact]
    public void Latin1_file_decodes_the_pound_sign()
    {
        var result = FixtureFiles.Load("latin1-pound-sign.latin1.txt");
        Assert.Equal("windows-1252", result.Source.Encoding);
        Assert.Equal("Harbour town fines ferry operator", result.Article!.Headline);
        Assert.Contains(result.Article.Paragraphs, p => p.Text == "The operator must pay \u00A340,000 and has until the end of the month to appeal against the decision.");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.Windows1252Fallback, 5), (d.Code, d.Line));
    }

    [Fact]
    public void Html_entities_are_decoded_once_and_a_broken_ampersand_stays()
    {
        Assert.Equal(
            [
                "The caf\u00E9 on the corner stays open until midnight while the market runs.",
                "Stalls cost \u00A315 a night, and the organisers promise the price will not rise next year.",
                "One trader joked that shoppers <3 the lanterns more than the food > the queues said otherwise.",
                "A reader wrote that the market\u00BFs music was too loud; the council said it would check.",
                "Food& drink stalls line the harbour wall until the last ferry leaves.",
            ],
            FixtureFiles.Load("html-entities.txt").Article!.Paragraphs.Select(p => p.Text));
    }

    [Fact]
    public void Cp1252_body_with_crlf_and_a_guardian_duplicate_caption()
    {
        var result = FixtureFiles.LoadWithTitle(SiblingTitle, "title-in-sibling-file/dock-closure.body.cp1252.txt");
        Assert.Equal(("windows-1252", "CRLF"), (result.Source.Encoding, result.Source.LineEndings));
        var article = result.Article!;
        var image = Assert.Single(article.Images);
        Assert.Equal("Cranes rust at dusk by the northern dock, Portsmouth harbour.", image.Caption);
        Assert.Equal(new Credit("Ada Br\u00FCckner/PA", "PA", "Ada Br\u00FCckner"), image.Credit);
        Assert.Equal(new LineRange(9, 11), image.Lines);
        Assert.Contains(article.Boilerplate, b => b.Line == 10 && b.Text == "Facebook Twitter Pinterest");
        Assert.DoesNotContain(article.Paragraphs, p => p.Text.StartsWith("Cranes rust", StringComparison.Ordinal));
        Assert.Contains("\u201CWe were told in October,\u201D said one crane driver \u2013 who asked not to be named \u2013 \u201Cso nobody is surprised.\u201D", article.Paragraphs.Select(p => p.Text));
        Assert.Contains("The repair bill is put at \u20AC12m by the authority\u2019s own engineers.", article.Paragraphs.Select(p => p.Text));
    }

    [Fact]
    public void Body_without_its_title_file_has_no_headline()
    {
        var result = FixtureFiles.Load("title-in-sibling-file/dock-closure.body.cp1252.txt");
        Assert.Null(result.Article);
        Assert.Equal(DiagnosticCodes.NoHeadline, Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
    }

    [Fact]
    public void Title_file_is_a_headline_without_body()
    {
        var result = FixtureFiles.Load(SiblingTitle);
        Assert.Equal(("windows-1252", "none"), (result.Source.Encoding, result.Source.LineEndings));
        Assert.Equal("What the dock closure means for freight \u2014 and for the crane drivers", result.Article!.Headline);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NoBody && d.Severity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Read_more_header_heads_a_list_of_bare_headlines()
    {
        var article = FixtureFiles.LoadWithTitle(SiblingTitle, "title-in-sibling-file/county-poll.body.cp1252.txt").Article!;
        Assert.Equal(
            [
                new RelatedLinkBlock("READ MORE", "Can a county choose a mayor without a debate? Half of its voters doubt it", new LineRange(7, 9)),
                new RelatedLinkBlock("READ MORE", "The mayor\u2019s plan to close two libraries? Not this year", LineRange.OneLine(10)),
                new RelatedLinkBlock("READ MORE", "The council may borrow for the new bridge, its treasurer says", LineRange.OneLine(11)),
            ],
            article.RelatedLinks);
        Assert.Contains(new ParagraphBlock("Overall, the mayor leaves office with a favourable rating from most residents.", LineRange.OneLine(12)), article.Paragraphs);
    }

    [Fact]
    public void More_teasers_mid_body_keep_the_paragraphs_after_them()
    {
        var article = FixtureFiles.Load("more-teasers-mid-body.txt").Article!;
        Assert.Equal(
            [
                new RelatedLinkBlock("MORE", "The Ten Best Festival Outfits of the Summer So Far!", LineRange.OneLine(7)),
                new RelatedLinkBlock("MORE", "Singer Deletes \"Controversial\" Post After Festival Crowd Crush", LineRange.OneLine(18)),
            ],
            article.RelatedLinks);
        Assert.Contains(article.Paragraphs, p => p.Lines.First > 18);
        Assert.Contains(article.Paragraphs, p => p.Lines.First is > 7 and < 18);
    }

    [Fact]
    public void Credit_lines_under_captions_and_a_related_line_under_a_credit()
    {
        var article = FixtureFiles.Load("credit-lines.txt").Article!;
        Assert.Equal("Model Ruby Lane Celebrates Her 30th Birthday Twice, With Her Sister, Old School Friends, and More: Pics!", article.Headline);
        var images = article.Images.ToList();
        Assert.Equal(new ImageBlock("Ruby Lane arrives at her birthday dinner", new Credit("Splash", "Splash", null), new LineRange(7, 8)), images[0]);
        Assert.Equal(4, images.Count);
        Assert.Equal([new RelatedLinkBlock("RELATED", "Ruby Lane Wears a Spacesuit to Her Space-Themed Party: Pics", LineRange.OneLine(14))], article.RelatedLinks);
    }

    [Fact]
    public void Source_url_on_line_two_is_boilerplate()
    {
        var result = FixtureFiles.Load("url-on-line-two.txt");
        Assert.Equal("CRLF", result.Source.LineEndings);
        var article = result.Article!;
        Assert.Equal("POLICE: Rumours About Harbour Ghost Ship Are True", article.Headline);
        Assert.Equal(new BoilerplateLine("https://www.harbour-gazette.example/2017/04/16/police-rumours-harbour-ghost-ship-true/", 2, "source-url"), article.Boilerplate[0]);
        Assert.Equal(new ParagraphBlock("Several sources within the harbour police have confirmed the story of the ghost ship seen off the pier.", LineRange.OneLine(3)), article.Paragraphs.First());
        Assert.DoesNotContain(article.Paragraphs, p => p.Text.Contains("</span>", StringComparison.Ordinal) || p.Text.Contains("&nbsp;", StringComparison.Ordinal));
        Assert.Contains(article.Boilerplate, b => b.Line == 9 && b.Kind == "markup");
    }

    [Fact]
    public void Degenerate_files()
    {
        var empty = FixtureFiles.Load("empty.txt");
        Assert.Null(empty.Article);
        Assert.Equal(DiagnosticCodes.EmptyFile, Assert.Single(empty.Diagnostics).Code);

        var loneCr = FixtureFiles.Load("developer-note-lone-cr.txt");
        Assert.Equal("CR", loneCr.Source.LineEndings);
        Assert.Empty(loneCr.Article!.Blocks);

        var note = FixtureFiles.Load("developer-note.txt");
        Assert.Equal("none", note.Source.LineEndings);
        Assert.Equal("ONLY KEEPS THE TEXT ABOVE THE FIRST PHOTO", note.Article!.Headline);
        Assert.Empty(note.Article.Blocks);
    }

    [Fact]
    public void Code_sample_keeps_its_markup()
    {
        var result = FixtureFiles.Load("code-sample.body.txt");
        Assert.Null(result.Article); // body only: no title line.
        var withTitle = Parse.Text("Cards with templates\n\n" + string.Join("\n", FixtureFiles.Lines("code-sample.body.txt")));
        Assert.Contains(withTitle.Article!.Paragraphs, p => p.Text == "<div class=\"card\"> <img src=\"{{ avatar_url }}\"> {{ name }} </div>");
    }

    [Fact]
    public void Story_highlights_are_boilerplate_and_hard_wrapped_lines_rejoin()
    {
        var article = Parse.Article("Council wins regatta\n\n" + string.Join("\n", FixtureFiles.Lines("story-with-highlights.body.txt")));
        Assert.Contains(article.Boilerplate, b => b.Kind == "highlight" && b.Text == "@highlight");
        Assert.DoesNotContain(article.Paragraphs, p => p.Text == "@highlight");
        Assert.Equal(
            [
                new ParagraphBlock("The city council has won the race to host next summer's rowing regatta, beating two rival towns after a late bid.", new LineRange(3, 4)),
                new ParagraphBlock("It has taken what officials call \u2018a very generous offer\u2019 to the organisers to bring the event back to the river.", new LineRange(6, 7)),
                new ParagraphBlock("Crowds line the towpath at last year's regatta in the rain", LineRange.OneLine(9)),
                new ParagraphBlock("Tickets for the grandstand will cost \u00A312.50 until the end of May, and \u00A315 after that.", LineRange.OneLine(11)),
            ],
            article.Paragraphs);
    }

    [Fact]
    public void Csv_quoted_title_with_an_undefined_byte()
    {
        var result = FixtureFiles.Load("csv-quoted-title.cp1252.txt");
        Assert.Equal("Street Artist Speaks Out \"I Was Paid \u00A3200 To Paint That Wall\"", result.Article!.Headline);
        Assert.Equal(
            [DiagnosticCodes.Windows1252Fallback, DiagnosticCodes.NoBody, DiagnosticCodes.UndefinedByte],
            result.Diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.Equal("CRLF", result.Source.LineEndings);
    }

    [Fact]
    public void Sample_format_em_caption_teasers_and_metro_footer()
    {
        var article = FixtureFiles.Load("metro-style.txt").Article!;
        Assert.Equal(
            [
                new ImageBlock("The cottage stands on a cliff above the bay", new Credit("PA/Tom Hale", "PA", "Tom Hale"), new LineRange(3, 4)),
                new ParagraphBlock("A lighthouse keeper\u2019s cottage has been sold at auction for twice its guide price.", LineRange.OneLine(6)),
                new ParagraphBlock("The buyer, who did not give a name, said: \u2018I have wanted to live by the sea since I was a boy.\u2019", LineRange.OneLine(8)),
                new RelatedLinkBlock("MORE", "Pier reopens after storm repairs", LineRange.OneLine(10)),
                new RelatedLinkBlock("MORE", "Seaside town votes to ban e-scooters on its promenade", LineRange.OneLine(11)),
                new RelatedLinkBlock("MORE", "Beach huts sell for record prices", LineRange.OneLine(13)),
                new RelatedLinkBlock("MORE", "Coastguard rescues two kayakers in fog", LineRange.OneLine(13)),
            ],
            article.Blocks);
        Assert.Equal([(13, "footer"), (15, "footer")], article.Boilerplate.Select(b => (b.Line, b.Kind)));
    }

    [Fact]
    public void Caption_and_credit_forms()
    {
        var article = FixtureFiles.Load("credit-forms.txt").Article!;
        Assert.Equal(
            [
                new ImageBlock("A lorry waits at a closed road near Dover on Nov. 9, 2016.", new Credit("Sam Reed, AP", "AP", "Sam Reed"), LineRange.OneLine(3)),
                new ImageBlock("Rescue boats search the bay during the recovery operation", new Credit("AFP/Getty", "AFP/Getty", null), LineRange.OneLine(5)),
                new ImageBlock("Will the third try be the charm for the harbour master?", new Credit("Splash", "Splash", null), LineRange.OneLine(7)),
                new ImageBlock("Waves hit the sea wall in Folkestone, Kent, Sunday, Nov. 6, 2016.", new Credit("Lee Hart / AP", "AP", "Lee Hart"), new LineRange(9, 10)),
                new ImageBlock("Flood water covers a car park in Hythe.", new Credit("Mia Cole/Reuters", "Reuters", "Mia Cole"), LineRange.OneLine(12)),
                new ImageBlock("Crowds gather on the seafront to watch the waves", new Credit("Getty Images", "Getty Images", null), LineRange.OneLine(20)),
                new ImageBlock("Sandbags outside the lifeboat station", new Credit("Nora Finch/Shutterstock.com", "Shutterstock.com", "Nora Finch"), new LineRange(22, 23)),
                new ImageBlock(string.Empty, new Credit("Getty Images", "Getty Images", null), LineRange.OneLine(25)),
            ],
            article.Images);

        // "(pictured)" is no credit, and a Daily Mail style bare caption cannot be told from a paragraph.
        Assert.Equal(
            ["The mayor (pictured) thanked the rescue crews.", "Cleaning up: a shopkeeper sweeps water out of her shop after the storm", "The council said roads would reopen on Monday."],
            article.Paragraphs.Select(p => p.Text));
    }

    [Fact]
    public void Every_teaser_marker()
    {
        var article = FixtureFiles.Load("teaser-markers.txt").Article!;
        Assert.Equal(
            [
                ("RELATED", "Fact Checking Every Claim Made About the Cycle Path", 5),
                ("RELATED", "Town Dresses Up for the Railway's 150th Birthday", 7),
                ("RELATED ARTICLE", "Station cafe and bakery plan to merge", 9),
                ("RELATED ARTICLE", "Old signal box to become a museum", 10),
                ("SEE ALSO", "The best and worst bike lanes in the county, ranked", 12),
                ("WATCH", "Last Steam Train Leaves the Station", 14),
                ("READ MORE", "Railway line trial continues in county court", 16),
                ("READ ALSO", "Live updates on the roadworks", 18),
            ],
            article.RelatedLinks.Select(t => (t.Marker, t.Headline, t.Lines.First)));
        Assert.Equal(new ParagraphBlock("Work is due to start in the autumn.", LineRange.OneLine(20)), article.Paragraphs.Last());
    }

    [Fact]
    public void Boilerplate_lines_are_kept_out_of_the_body()
    {
        var article = FixtureFiles.Load("boilerplate.txt").Article!;
        Assert.Equal([new ParagraphBlock("The town library will open until nine in the evening from next month.", LineRange.OneLine(5))], article.Blocks);
        Assert.Equal(
            [
                (3, "video-prompt"), (7, "advert"), (9, "advert"), (11, "advert"), (12, "advert"), (14, "share-prompt"), (16, "share-prompt"),
                (18, "share-prompt"), (20, "share-prompt"), (22, "share-prompt"), (24, "share-prompt"), (26, "footer"), (28, "footer"),
            ],
            article.Boilerplate.Select(b => (b.Line, b.Kind)));
    }

    [Fact]
    public void Blank_line_runs_trailing_spaces_nbsp_tabs_and_soft_hyphens()
    {
        var article = FixtureFiles.Load("whitespace-and-typography.txt").Article!;
        Assert.Equal("Bakery wins regional bread prize", article.Headline);
        Assert.Equal(
            [
                new ParagraphBlock("A small bakery in the high street has won the regional prize for its rye loaf.", LineRange.OneLine(3)),
                new ParagraphBlock("The owner said the recipe came from her grandmother.", LineRange.OneLine(6)),
                new ParagraphBlock("Judges praised the crust and the careful baking, and the prize money will go to charity.", LineRange.OneLine(10)),
                new ParagraphBlock("Readers said the queue reached the post office on Saturday morning\u2026", LineRange.OneLine(12)),
            ],
            article.Blocks);
    }

    [Fact]
    public void Utf8_with_crlf_and_no_blank_lines_makes_every_line_a_paragraph()
    {
        var result = FixtureFiles.Load("single-newline-paragraphs.txt");
        Assert.Equal(("utf-8", "CRLF"), (result.Source.Encoding, result.Source.LineEndings));
        Assert.Equal("PORTSMOUTH (AP)", result.Article!.Dateline);
        Assert.Equal(
            [
                "The ferry company has changed its winter timetable, it said on Friday.",
                "The first crossing will now leave at seven, an hour later than before.",
                "\u2018If the weather turns we will add sailings,\u2019 said a spokeswoman.",
                "Jane Hill, Solent Ferries",
                "Passengers posted the new board pic.twitter.com/abc123XYZ \u2014 Sam Reed (@samreed) December 31, 2016",
            ],
            result.Article!.Paragraphs.Select(p => p.Text));
    }

    [Theory]
    [InlineData("titles/all-caps.txt", "MAYOR DENIES TOWN CLOCK WAS EVER BROKEN")]
    [InlineData("titles/kicker.txt", "JUST IN: Mayor Rings the Town Bell at Midnight")]
    [InlineData("titles/job-label.txt", "JOB DESCRIPTION: Harbour Master")]
    [InlineData("titles/question.txt", "Will the pier reopen before the summer?")]
    public void Title_variants_are_headlines(string file, string headline)
    {
        var article = FixtureFiles.Load(file).Article!;
        Assert.Equal((headline, 1), (article.Headline, article.HeadlineLine));
        Assert.Equal(3, Assert.Single(article.Paragraphs).Lines.First);
    }
}
