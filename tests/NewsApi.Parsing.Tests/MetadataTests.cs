using System.Globalization;
using CsCheck;

namespace NewsApi.Parsing.Tests;

/// <summary>Bylines, date lines, datelines and source URLs in the header region (FORMAT-NOTES "Bylines, dates, datelines").</summary>
public class MetadataTests
{
    private static ParsedArticle Load(string name) => FixtureFiles.Load("metadata/" + name).Article!;

    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void Byline_and_metro_date_leave_the_body_and_a_body_sentence_starting_with_by_stays()
    {
        var result = FixtureFiles.Load("metadata/byline-and-metro-date.txt");
        var article = result.Article!;
        Assert.Equal("Maren Oakley", article.Byline);
        Assert.Equal(Utc(2024, 3, 14, 16, 5), article.PublishedAt);
        Assert.Equal(
            ["The blue ferry that links the two halves of the harbour is back in service after three months in dry dock.", "By the end of the first morning, more than 400 passengers had crossed."],
            article.Paragraphs.Select(p => p.Text));
        Assert.Equal([(MetadataLine.BylineKind, 3), (MetadataLine.DateKind, 5)], article.Metadata.Select(m => (m.Kind, m.Lines.First)));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.PublishedAtWithoutZone && d.Line == 5);
        Assert.Null(article.Dateline);
        Assert.Null(article.SourceUrl);
    }

    [Fact]
    public void Two_line_byline_and_a_date_without_time()
    {
        var article = Load("two-line-byline.txt");
        Assert.Equal("Tobias Wren", article.Byline);
        Assert.Equal(Utc(2021, 6, 3), article.PublishedAt);
        Assert.Equal(new LineRange(3, 4), article.Metadata[0].Lines);
        Assert.Equal("The town council says it has never had so many names on the list for a garden plot.", Assert.Single(article.Paragraphs).Text);
    }

    [Fact]
    public void Flattened_daily_mail_header_gives_byline_and_the_published_time()
    {
        var result = FixtureFiles.Load("metadata/flattened-header.txt");
        var article = result.Article!;
        Assert.Equal("Staff Reporter", article.Byline);
        Assert.Equal(Utc(2015, 7, 2, 18, 40), article.PublishedAt);
        Assert.Equal(MetadataLine.HeaderKind, Assert.Single(article.Metadata).Kind);
        Assert.Single(article.Paragraphs);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.PublishedAtWithoutZone);
    }

    [Fact]
    public void Agency_dateline_is_split_off_the_first_paragraph()
    {
        var article = Load("agency-dateline.txt");
        Assert.Equal("RIVERTON, Ore. (AP)", article.Dateline);
        Assert.Equal("Inspectors said Tuesday that the old river bridge is sound after a barge struck one of its piers.", article.Paragraphs.First().Text);
        Assert.Equal((MetadataLine.DatelineKind, 3), (article.Metadata[0].Kind, article.Metadata[0].Lines.First));
        Assert.Null(article.Byline);
        Assert.Null(article.PublishedAt);
    }

    [Fact]
    public void Cnn_dateline()
    {
        var article = Load("cnn-dateline.txt");
        Assert.Equal("(CNN)", article.Dateline);
        Assert.StartsWith("A late storm closed", article.Paragraphs.First().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_url_byline_iso_date_and_place_dateline_in_a_file_without_blank_lines()
    {
        var article = Load("url-byline-iso-place-dateline.txt");
        Assert.Equal("https://example.org/news/2022/10/05/library-hours/", article.SourceUrl);
        Assert.Equal("Priya Castellano", article.Byline);
        Assert.Equal(Utc(2022, 10, 5, 8, 30), article.PublishedAt);
        Assert.Equal("MAPLETON", article.Dateline);
        Assert.Equal(
            ["The central library will open on Sundays from next month, the council said.", "By then, the new reading room should also be finished."],
            article.Paragraphs.Select(p => p.Text));
    }

    [Fact]
    public void A_time_without_a_zone_is_utc_and_reported()
    {
        var result = FixtureFiles.Load("metadata/date-without-zone.txt");
        Assert.Equal(Utc(2022, 11, 8, 23, 45), result.Article!.PublishedAt);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.PublishedAtWithoutZone && d.Line == 3);
    }

    [Theory]
    [InlineData("07:25 EST, 29 November 2013", "2013-11-29T12:25:00Z")]
    [InlineData("Monday 1 July 2019 09:00 BST", "2019-07-01T08:00:00Z")]
    [InlineData("Published: Jan 5, 2017 at 3:53 pm E.T.", "2017-01-05T20:53:00Z")]
    [InlineData("Updated Jul 5, 2017 3:53 pm ET", "2017-07-05T19:53:00Z")]
    [InlineData("March 12, 2020 10:00 PDT", "2020-03-12T17:00:00Z")]
    [InlineData("2019-01-17", "2019-01-17T00:00:00Z")]
    [InlineData("2019-01-17T10:53:00Z", "2019-01-17T10:53:00Z")]
    public void Date_lines(string line, string expected)
    {
        Assert.True(HeaderMetadata.TryParseDate(line, out var when, out _), line);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), when);
    }

    [Theory]
    [InlineData("Updated Dec. 25 at 3:53 pm E.T.")]
    [InlineData("The meeting on 5 May 2019 was short")]
    [InlineData("31 February 2019")]
    [InlineData("2019")]
    public void Lines_that_are_not_complete_dates(string line) => Assert.False(HeaderMetadata.TryParseDate(line, out _, out _), line);

    private static readonly Gen<string> Name =
        Gen.Select(Gen.Char['A', 'Z'], Gen.String[Gen.Char['a', 'z'], 2, 9]).Select((c, s) => c + s);

    private static readonly Gen<string> FullName = Gen.Select(Name, Name).Select((a, b) => a + " " + b);

    [Fact]
    public void A_byline_sentence_inside_the_body_stays_a_paragraph()
    {
        Gen.Select(FullName, Gen.Int[1, 4]).Sample((name, before) =>
        {
            var body = string.Join("\n\n", Enumerable.Range(0, before).Select(n => $"Paragraph {n} of the story, written plainly."));
            var article = Parse.Article($"A plain headline\n\n{body}\n\nBy {name}\n\nThe last paragraph.\n");
            Assert.Null(article.Byline);
            Assert.Contains(article.Paragraphs, p => p.Text == "By " + name);
            Assert.Empty(article.Metadata);
        }, iter: 300);
    }

    [Fact]
    public void A_header_byline_and_date_become_metadata_and_the_summary_is_the_first_real_paragraph()
    {
        string[] zones = ["GMT", "BST", "EST", "EDT", "PST", "PDT", "UTC"];
        Gen.Select(FullName, Gen.DateTime[new DateTime(2000, 1, 1), new DateTime(2030, 12, 31)], Gen.Int[0, zones.Length - 1]).Sample((name, at, z) =>
        {
            var local = new DateTime(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, DateTimeKind.Unspecified);
            var zone = zones[z];
            var line = local.ToString("dddd d MMMM yyyy HH:mm", CultureInfo.InvariantCulture) + " " + zone;
            var article = Parse.Article($"A plain headline\n\nBy {name}\n\n{line}\n\nFirst real paragraph.\n");
            Assert.Equal(name, article.Byline);
            Assert.Equal(new DateTimeOffset(local, TimeSpan.FromHours(HeaderMetadata.FixedZones[zone])), article.PublishedAt);
            Assert.Equal(TimeSpan.Zero, article.PublishedAt!.Value.Offset);
            Assert.Equal("First real paragraph.", Assert.Single(article.Paragraphs).Text);
        }, iter: 300);
    }
}
