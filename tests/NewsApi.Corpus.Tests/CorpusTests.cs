namespace NewsApi.Corpus.Tests;

/// <summary>Where the corpus is: <c>NEWSAPI_CORPUS</c>, else <c>../shared/corpus</c> beside the repository.</summary>
internal static class CorpusLocation
{
    public const string Variable = "NEWSAPI_CORPUS";

    public static string Path { get; } = System.IO.Path.GetFullPath(
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given : System.IO.Path.Combine(RepoPaths.Root, "..", "shared", "corpus"));
}

/// <summary>
/// Real third-party files, read in place from the shared corpus (never copied into the repository). Each test has
/// an owned-fixture twin in <c>NewsApi.Parsing.Tests.FixtureTests</c>. A missing corpus fails, never skips.
/// </summary>
public class CorpusTests
{
    public static TheoryData<string> Files()
    {
        // A missing corpus yields no rows here, and The_corpus_is_there fails with the reason.
        var data = new TheoryData<string>();
        if (!Directory.Exists(CorpusLocation.Path))
        {
            return data;
        }

        foreach (var path in CorpusFiles())
        {
            data.Add(Path.GetRelativePath(CorpusLocation.Path, path));
        }

        return data;
    }

    private static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(CorpusLocation.Path, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) is not ("README.md" or "FORMAT-NOTES.md" or "MANIFEST.tsv" or "LICENSE-NOTICE.txt" or "README.TXT"))
            .Order(StringComparer.Ordinal);

    private static ParseResult Load(string relative) =>
        Parse.Bytes(File.ReadAllBytes(Path.Combine(CorpusLocation.Path, relative)), Path.GetFileName(relative));

    [Fact]
    public void The_corpus_is_there()
    {
        Assert.True(
            Directory.Exists(CorpusLocation.Path),
            $"The corpus is missing: {CorpusLocation.Path} does not exist. Put shared/ beside the repository or set {CorpusLocation.Variable}.");
        Assert.True(CorpusFiles().Count() >= 270, "expected the 270 article files of " + CorpusLocation.Path);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_file_parses_and_accounts_for_every_line(string relative)
    {
        // Parse.Bytes checks the invariants.
        var result = Load(relative);
        Assert.Equal(result.Article is not null, result.Succeeded);
    }

    // Horne bodies have their title in a sibling file; joined with a blank line they are an article.
    private static ParseResult LoadHorneWithTitle(string dataset, string label, string name)
    {
        var folder = Path.Combine(CorpusLocation.Path, "horne-2017-fakenewsdata1", dataset);
        byte[] bytes = [.. File.ReadAllBytes(Path.Combine(folder, label + "_titles", name)), .. "\r\n\r\n"u8, .. File.ReadAllBytes(Path.Combine(folder, label, name))];
        return Parse.Bytes(bytes, name);
    }

    [Fact]
    public void Bbc_latin1_file_decodes_the_pound_sign()
    {
        var result = Load("bbc-news-greene-2006/sport/199.txt");
        Assert.Equal("windows-1252", result.Source.Encoding);
        Assert.Equal("Chelsea sack Mutu", result.Article!.Headline);
        Assert.Contains(result.Article.Paragraphs, p => p.Text.Contains('\u00A3'));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.Windows1252Fallback);
    }

    [Fact]
    public void Bbc_numeric_entities_are_decoded()
    {
        var paragraphs = string.Join("\n", Load("bbc-news-greene-2006/tech/074.txt").Article!.Paragraphs.Select(p => p.Text));
        Assert.DoesNotContain("&#", paragraphs, StringComparison.Ordinal);
        Assert.Contains("\u00E9", paragraphs, StringComparison.Ordinal);
    }

    [Fact]
    public void Guardian_duplicate_caption_in_horne_real_154()
    {
        var article = LoadHorneWithTitle("Random Poltical News Dataset", "Real", "154.txt").Article!;
        var image = Assert.Single(article.Images);
        Assert.Equal("Stacks and burn-off from the Exxon Mobil refinery, at dusk in St Bernard Parish, Louisiana.", image.Caption);
        Assert.Equal(new Credit("Gerald Herbert/AP", "AP", "Gerald Herbert"), image.Credit);
        Assert.Equal(new LineRange(35, 37), image.Lines);
        Assert.Contains(article.Boilerplate, b => b.Line == 36 && b.Text == "Facebook Twitter Pinterest");
        Assert.DoesNotContain(article.Paragraphs, p => p.Text.StartsWith("Stacks and burn-off", StringComparison.Ordinal));
    }

    [Fact]
    public void Horne_body_alone_has_no_headline()
    {
        var result = Load("horne-2017-fakenewsdata1/Random Poltical News Dataset/Real/154.txt");
        Assert.Null(result.Article);
        Assert.Equal(DiagnosticCodes.NoHeadline, Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
    }

    [Fact]
    public void Horne_title_file_is_a_headline_without_body()
    {
        var result = Load("horne-2017-fakenewsdata1/Random Poltical News Dataset/Real_titles/166.txt");
        Assert.Equal("What the intelligence briefing says about Obama's presidency \u2014 and Trump's", result.Article!.Headline);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NoBody && d.Severity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Washington_post_read_more_list_in_horne_real_162()
    {
        var teasers = LoadHorneWithTitle("Random Poltical News Dataset", "Real", "162.txt").Article!.RelatedLinks.ToList();
        Assert.Equal(
            ["Is this any way to choose a president? Only half of Americans think so", "Trump\u2019s vow to undo Obama rules? Not so fast", "Trump is within his rights to use executive power, Obama says"],
            teasers.Select(t => t.Headline));
        Assert.All(teasers, t => Assert.Equal("READ MORE", t.Marker));
    }

    [Fact]
    public void Us_weekly_more_lines_in_perez_rosas_228fake()
    {
        var article = Load("perez-rosas-2018-fakenews/celebrityDataset/fake/228fake.txt").Article!;
        Assert.Equal(
            [
                new RelatedLinkBlock("MORE", "We Can't Keep Up With the Kardashians' Beach Body Transformations!", LineRange.OneLine(7)),
                new RelatedLinkBlock("MORE", "Kim Kardashian Forced to Delete \"Controversial\" Tweet Following Ariana Grande Concert Bombing", LineRange.OneLine(22)),
            ],
            article.RelatedLinks);
        Assert.Contains(article.Paragraphs, p => p.Lines.First > 22);
    }

    [Fact]
    public void Us_weekly_credit_lines_in_perez_rosas_158legit()
    {
        var images = Load("perez-rosas-2018-fakenews/celebrityDataset/legit/158legit.txt").Article!.Images.ToList();
        Assert.Equal(new ImageBlock("Kendall Jenner attends her birthday", new Credit("Splash", "Splash", null), new LineRange(7, 8)), images[0]);
        Assert.Equal(4, images.Count);
    }

    [Fact]
    public void Golbeck_source_url_line_is_boilerplate()
    {
        var article = Load("golbeck-2018-fakenews-vs-satire/Fake/finalFake/54.txt").Article!;
        Assert.Equal("FBI: Rumors About Clinton Pedophile Ring Are True", article.Headline);
        Assert.Equal(new BoilerplateLine("https://www.dailyinfobox.com/2017/04/16/fbi-rumors-clinton-pedophile-ring-true/", 2, "source-url"), article.Boilerplate[0]);
        Assert.DoesNotContain(article.Paragraphs, p => p.Text.Contains("</span>", StringComparison.Ordinal));
    }

    [Fact]
    public void Degenerate_newspaper3k_fixtures()
    {
        Assert.Equal(DiagnosticCodes.EmptyFile, Assert.Single(Load("newspaper3k-test-fixtures/details.com1.txt").Diagnostics).Code);
        var pixable = Load("newspaper3k-test-fixtures/pixable.com1.txt");
        Assert.Equal("CR", pixable.Source.LineEndings);
        Assert.Empty(pixable.Article!.Blocks);
    }

    [Fact]
    public void Sitepoint_code_sample_keeps_its_markup()
    {
        var result = Load("newspaper3k-test-fixtures/sitepoint.com2.txt");
        Assert.Null(result.Article); // body only: no title line.
        var text = SourceText.Decode(File.ReadAllBytes(Path.Combine(CorpusLocation.Path, "newspaper3k-test-fixtures/sitepoint.com2.txt"))).Lines;
        var withTitle = Parse.Text("Badges with Twig\n\n" + string.Join("\n", text));
        Assert.Contains(withTitle.Article!.Paragraphs, p => p.Text.Contains("<div class=\"avatar\">", StringComparison.Ordinal));
    }

    [Fact]
    public void Daily_mail_story_highlights_are_boilerplate()
    {
        var lines = SourceText.Decode(File.ReadAllBytes(Path.Combine(CorpusLocation.Path, "cnn-dailymail-stories/dailymail/000064fee589e5607c1534a69f852d37b4936cca.story"))).Lines;
        var article = Parse.Article("Sky win Mayweather fight rights\n\n" + string.Join("\n", lines));
        Assert.Contains(article.Boilerplate, b => b.Kind == "highlight" && b.Text == "@highlight");
        Assert.DoesNotContain(article.Paragraphs, p => p.Text == "@highlight");
    }

    [Theory]
    [InlineData("perez-rosas-2018-fakenews/fakeNewsDataset/legit/polit15.legit.txt", "Washington (CNN)")]
    [InlineData("perez-rosas-2018-fakenews/fakeNewsDataset/legit/edu31.legit.txt", "CORPUS CHRISTI, Texas (AP)")]
    [InlineData("perez-rosas-2018-fakenews/celebrityDataset/legit/114legit.txt", "(CNN)")]
    [InlineData("golbeck-2018-fakenews-vs-satire/Fake/finalFake/64.txt", "WASHINGTON, D.C. (AP)")]
    public void Datelines_leave_the_first_paragraph(string relative, string dateline)
    {
        var article = Load(relative).Article!;
        Assert.Equal(dateline, article.Dateline);
        Assert.False(article.Paragraphs.First().Text.StartsWith(dateline, StringComparison.Ordinal));
    }

    [Fact]
    public void Daily_mail_two_line_byline_under_a_headline_is_the_byline_not_the_summary()
    {
        var lines = SourceText.Decode(File.ReadAllBytes(Path.Combine(CorpusLocation.Path, "cnn-dailymail-stories/dailymail/0000800d9058217f6509d7e63ad475e2de0da611.story"))).Lines;
        var article = Parse.Article("E-cigarette fire in family car\n\n" + string.Join("\n", lines));
        Assert.Equal("Richard Spillett", article.Byline);
        Assert.DoesNotContain(article.Paragraphs, p => p.Text is "By" or "Richard Spillett");
        Assert.Equal(new LineRange(3, 4), article.Metadata[0].Lines);
    }
}
