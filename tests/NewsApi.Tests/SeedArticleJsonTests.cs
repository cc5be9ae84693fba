using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The shipped seed article as a client receives it: every field, in reading order, with provenance.</summary>
public sealed class SeedArticleJsonTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private const string Caption = "Senior North Korean official Kim Yong Chol arrives at Beijing International Airport heading for Washington";

    private string SeedPath => Path.Combine(factory.SourceDirectory, Fixtures.SeedFile);

    /// <summary>The seed's paragraphs straight from the file: blocks between blank lines that are not the
    /// headline, the image caption or a MORE: teaser.</summary>
    private List<string> ExpectedParagraphs() =>
        File.ReadAllText(SeedPath).ReplaceLineEndings("\n").Split("\n\n").Skip(1)
            .Where(b => !b.StartsWith("<em>", StringComparison.Ordinal) && !b.StartsWith("MORE:", StringComparison.Ordinal))
            .Select(b => b.Trim())
            .ToList();

    [Fact]
    public async Task Identity_title_summary_and_word_count()
    {
        var client = await factory.CreateReadyClientAsync();

        var article = await client.ArticleBySlugAsync(Fixtures.SeedSlug);

        Assert.True(article.GetProperty("id").GetInt32() > 0);
        Assert.Equal("north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit", article.GetProperty("slug").GetString());
        Assert.Equal("North Korean officials head to US amid suggestions of second Trump/Kim summit", article.GetProperty("title").GetString());
        Assert.Equal("North Korean officials are heading to the US amid suggestions of a second summit between Donald Trump and Kim Jong Un.",
            article.GetProperty("summary").GetString());
        Assert.Equal(ExpectedParagraphs()[0], article.GetProperty("summary").GetString());
        Assert.Equal(250, article.GetProperty("wordCount").GetInt32());
        Assert.Equal(ExpectedParagraphs().Sum(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length), article.GetProperty("wordCount").GetInt32());
        AssertUtc(article.GetProperty("updatedAt"));
    }

    [Fact]
    public async Task Body_blocks_are_in_reading_order_with_the_paragraph_texts_and_their_lines()
    {
        var client = await factory.CreateReadyClientAsync();
        var lines = File.ReadAllText(SeedPath).ReplaceLineEndings("\n").Split('\n');

        var article = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        var body = article.GetProperty("body").EnumerateArray().ToList();

        Assert.Equal(
            new[] { "image", "paragraph", "paragraph", "paragraph", "paragraph", "paragraph", "paragraph", "relatedLink", "relatedLink", "paragraph", "paragraph" },
            body.Select(b => b.GetProperty("type").GetString()));
        var paragraphs = body.Where(b => b.GetProperty("type").GetString() == "paragraph").ToList();
        Assert.Equal(ExpectedParagraphs(), paragraphs.Select(p => p.GetProperty("text").GetString()));
        Assert.StartsWith("Kim Yong Chol, said to be North Korea’s lead negotiator", paragraphs[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("yet to be determined.”", paragraphs[^1].GetProperty("text").GetString(), StringComparison.Ordinal);

        // Each paragraph points at the source line it came from; blocks never go back up the file.
        foreach (var p in paragraphs)
        {
            var range = p.GetProperty("lines");
            Assert.Equal(range.GetProperty("first").GetInt32(), range.GetProperty("last").GetInt32());
            Assert.Equal(p.GetProperty("text").GetString(), lines[range.GetProperty("first").GetInt32() - 1]);
        }

        var firsts = body.Select(b => b.GetProperty("lines").GetProperty("first").GetInt32()).ToList();
        Assert.Equal(firsts.Order(), firsts);

        // Image and link blocks refer to the image and links listed with the article.
        Assert.Equal(article.GetProperty("images")[0].GetProperty("id").GetInt32(), body[0].GetProperty("imageId").GetInt32());
        Assert.Equal(
            article.GetProperty("relatedLinks").EnumerateArray().Select(l => l.GetProperty("id").GetInt32()),
            body.Where(b => b.GetProperty("type").GetString() == "relatedLink").Select(b => b.GetProperty("relatedLinkId").GetInt32()));
        Assert.Equal("MORE: " + Fixtures.CrocodileTitle, lines[body[7].GetProperty("lines").GetProperty("first").GetInt32() - 1]);
    }

    [Fact]
    public async Task The_image_has_its_caption_and_parsed_credit()
    {
        var client = await factory.CreateReadyClientAsync();

        var article = await client.ArticleBySlugAsync(Fixtures.SeedSlug);

        var image = Assert.Single(article.GetProperty("images").EnumerateArray());
        Assert.Equal(1, image.GetProperty("position").GetInt32());
        Assert.Equal(Caption, image.GetProperty("caption").GetString());
        Assert.Equal("REUTERS/Jason Lee", image.GetProperty("credit").GetString());
        Assert.Equal("REUTERS", image.GetProperty("creditAgency").GetString());
        Assert.Equal("Jason Lee", image.GetProperty("creditPhotographer").GetString());
        Assert.Equal(3, image.GetProperty("lines").GetProperty("first").GetInt32());
        Assert.Equal(4, image.GetProperty("lines").GetProperty("last").GetInt32());
    }

    [Fact]
    public async Task Related_links_resolve_to_the_crocodile_fixture_and_keep_an_explicit_null_otherwise()
    {
        var client = await factory.CreateReadyClientAsync();
        var all = await client.AllArticlesAsync();
        var crocodile = all.Single(a => a.GetProperty("title").GetString() == Fixtures.CrocodileTitle);
        var drinkDriver = all.SingleOrDefault(a => a.GetProperty("title").GetString() == Fixtures.DrinkDriverTitle);

        var article = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        var links = article.GetProperty("relatedLinks").EnumerateArray().ToList();

        Assert.Equal(2, links.Count);
        Assert.Equal(new[] { 1, 2 }, links.Select(l => l.GetProperty("position").GetInt32()));
        Assert.All(links, l => Assert.Equal("MORE", l.GetProperty("marker").GetString()));
        Assert.Equal(Fixtures.CrocodileTitle, links[0].GetProperty("title").GetString());
        Assert.Equal(crocodile.GetProperty("id").GetInt32(), links[0].GetProperty("targetArticleId").GetInt32());
        Assert.Equal(crocodile.GetProperty("slug").GetString(), links[0].GetProperty("targetSlug").GetString());
        Assert.Equal(Fixtures.DrinkDriverTitle, links[1].GetProperty("title").GetString());
        if (drinkDriver.ValueKind == JsonValueKind.Undefined)
        {
            Assert.Equal(JsonValueKind.Null, links[1].GetProperty("targetArticleId").ValueKind);
            Assert.Equal(JsonValueKind.Null, links[1].GetProperty("targetSlug").ValueKind);
        }
        else
        {
            Assert.Equal(drinkDriver.GetProperty("id").GetInt32(), links[1].GetProperty("targetArticleId").GetInt32());
        }
    }

    [Fact]
    public async Task Backlinks_include_the_crocodile_article_whose_teaser_names_the_seed()
    {
        var client = await factory.CreateReadyClientAsync();
        var crocodileId = await client.ArticleIdByTitleAsync(Fixtures.CrocodileTitle);

        var backlinks = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}/backlinks");

        var crocodile = Assert.Single(backlinks.EnumerateArray(), b => b.GetProperty("id").GetInt32() == crocodileId);
        Assert.Equal(Fixtures.CrocodileTitle, crocodile.GetProperty("title").GetString());
        Assert.StartsWith("indonesian-woman-44-mauled-to-death", crocodile.GetProperty("slug").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Source_names_the_file_its_sha256_size_and_import_time()
    {
        var client = await factory.CreateReadyClientAsync();
        var bytes = await File.ReadAllBytesAsync(SeedPath);

        var article = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        var source = article.GetProperty("source");

        Assert.Equal(Fixtures.SeedFile, source.GetProperty("fileName").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), source.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, source.GetProperty("size").GetInt64());
        Assert.Equal("utf-8", source.GetProperty("encoding").GetString());
        Assert.False(string.IsNullOrWhiteSpace(source.GetProperty("lineEndings").GetString()));
        Assert.Equal(JsonValueKind.Array, source.GetProperty("diagnostics").ValueKind);
        var importedAt = AssertUtc(source.GetProperty("importedAt"));
        var run = await client.GetJsonAsync("/api/v1/imports/latest");
        Assert.InRange(importedAt, AssertUtc(run.GetProperty("startedAt")), AssertUtc(run.GetProperty("finishedAt")));
    }

    [Fact]
    public async Task The_seed_file_is_the_shipped_one_byte_for_byte()
    {
        var shipped = await File.ReadAllBytesAsync(Path.Combine(Fixtures.RepoRoot(), "data", "articles", Fixtures.SeedFile));
        var client = await factory.CreateReadyClientAsync();

        var source = (await client.ArticleBySlugAsync(Fixtures.SeedSlug)).GetProperty("source");

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(shipped)), source.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_article_has_exactly_the_documented_fields()
    {
        var client = await factory.CreateReadyClientAsync();

        var article = await client.ArticleBySlugAsync(Fixtures.SeedSlug);

        Assert.Equal(
            new[] { "id", "slug", "url", "title", "summary", "wordCount", "updatedAt", "body", "images", "relatedLinks", "source", "byline", "publishedAt", "dateline", "sourceUrl", "firstSeenAt" },
            article.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            new[] { "fileName", "sha256", "size", "encoding", "lineEndings", "importedAt", "diagnostics" },
            article.GetProperty("source").EnumerateObject().Select(p => p.Name));
    }

    private static DateTimeOffset AssertUtc(JsonElement value)
    {
        var text = value.GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
