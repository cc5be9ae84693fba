using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NewsApi.Tests.Support;

namespace NewsApi.Tests.Feeds;

/// <summary>A public site with an article whose headline is hostile to every feed format.</summary>
public sealed class FeedNewsApiFactory : NewsApiFactory
{
    public const string Publisher = "Example <News> & Co";
    public const string HostileTitle = "Breaking <script>alert(1)</script> & \"Tom\" ]]> \u0007bell\u0001 ok";

    public FeedNewsApiFactory()
    {
        File.WriteAllText(Path.Combine(SourceDirectory, "900_hostile.txt"), $"""
            {HostileTitle}

            A paragraph with <b>markup</b> & an ampersand, and a bell: \u0007.
            """);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("NewsApi:PublicArticleUrl", "https://news.example.com/{slug}"), new("NewsApi:Publisher:Name", Publisher)];
}

/// <summary>
/// The feeds read back the way a feed reader would: with System.Xml.Linq and System.Text.Json, not the writer that
/// made them, checking each format's required fields against the article list.
/// </summary>
public sealed partial class FeedTests(FeedNewsApiFactory factory) : IClassFixture<FeedNewsApiFactory>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task The_RSS_feed_has_its_required_channel_and_item_fields_newest_first()
    {
        var client = await factory.CreateReadyClientAsync();
        var (expected, _) = await NewestAsync(client, "");
        using var response = await client.GetAsync("/api/v1/feeds/articles.rss");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        var rss = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal("rss", rss.Name.LocalName);
        Assert.Equal("2.0", rss.Attribute("version")?.Value);
        var channel = rss.Element("channel")!;
        Assert.Contains(FeedNewsApiFactory.Publisher, channel.Element("title")!.Value);
        Assert.Equal("https://news.example.com/", channel.Element("link")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(channel.Element("description")?.Value));

        var items = channel.Elements("item").ToList();
        Assert.Equal(expected.Select(e => e.Url), items.Select(i => i.Element("link")!.Value));
        Assert.Equal(expected.Select(e => $"tag:news.example.com,2026:article:{e.Id}"), items.Select(i => i.Element("guid")!.Value));
        Assert.All(items, i => Assert.Equal("false", i.Element("guid")!.Attribute("isPermaLink")?.Value));
        var dates = items.Select(i => DateTimeOffset.ParseExact(i.Element("pubDate")!.Value, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)).ToList();
        Assert.Equal(expected.Select(e => e.UpdatedAt), dates);
        Assert.Equal(dates.OrderByDescending(d => d), dates);
    }

    [Fact]
    public async Task The_Atom_feed_has_its_required_feed_and_entry_fields()
    {
        var client = await factory.CreateReadyClientAsync();
        var (expected, _) = await NewestAsync(client, "");
        using var response = await client.GetAsync("/api/v1/feeds/articles.atom");
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal(Atom + "feed", feed.Name);
        Assert.StartsWith("tag:news.example.com,2026:", feed.Element(Atom + "id")!.Value);
        Assert.Contains(FeedNewsApiFactory.Publisher, feed.Element(Atom + "title")!.Value);
        Assert.Equal(expected.Max(e => e.UpdatedAt), ParseRfc3339(feed.Element(Atom + "updated")!.Value));
        Assert.Equal(FeedNewsApiFactory.Publisher, feed.Element(Atom + "author")!.Element(Atom + "name")!.Value);

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(expected.Select(e => $"tag:news.example.com,2026:article:{e.Id}"), entries.Select(e => e.Element(Atom + "id")!.Value));
        Assert.Equal(expected.Select(e => e.Url), entries.Select(e => e.Elements(Atom + "link").Single(l => l.Attribute("rel")?.Value == "alternate").Attribute("href")!.Value));
        Assert.Equal(expected.Select(e => e.UpdatedAt), entries.Select(e => ParseRfc3339(e.Element(Atom + "updated")!.Value)));
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Element(Atom + "title")!.Value)));
    }

    [Fact]
    public async Task The_JSON_feed_has_its_version_title_and_item_fields()
    {
        var client = await factory.CreateReadyClientAsync();
        var (expected, _) = await NewestAsync(client, "");
        using var response = await client.GetAsync("/api/v1/feeds/articles.json");
        Assert.Equal("application/feed+json", response.Content.Headers.ContentType?.MediaType);
        var feed = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("https://jsonfeed.org/version/1.1", feed.GetProperty("version").GetString());
        Assert.Contains(FeedNewsApiFactory.Publisher, feed.GetProperty("title").GetString());
        Assert.Equal("http://localhost/api/v1/feeds/articles.json", feed.GetProperty("feed_url").GetString());
        var items = feed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => $"tag:news.example.com,2026:article:{e.Id}"), items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(expected.Select(e => e.Url), items.Select(i => i.GetProperty("url").GetString()));
        Assert.All(items, i => Assert.Matches(Rfc3339Pattern(), i.GetProperty("date_published").GetString()));
        Assert.Equal(expected.Select(e => e.UpdatedAt), items.Select(i => ParseRfc3339(i.GetProperty("date_published").GetString()!)));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("content_text").GetString())));
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    [InlineData("json")]
    public async Task A_hostile_headline_is_text_in_every_format(string format)
    {
        var client = await factory.CreateReadyClientAsync();
        var (expected, _) = await NewestAsync(client, "");
        var hostile = expected.Single(e => e.Title.Contains("<script>", StringComparison.Ordinal));
        var raw = await client.GetStringAsync($"/api/v1/feeds/articles.{format}");

        // Markup never arrives as markup, and what a reader shows is the headline (less what XML cannot carry).
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        var title = format switch
        {
            "rss" => XDocument.Parse(raw).Root!.Element("channel")!.Elements("item").Single(i => i.Element("link")!.Value == hostile.Url).Element("title")!.Value,
            "atom" => XDocument.Parse(raw).Root!.Elements(Atom + "entry")
                .Single(e => e.Element(Atom + "link")!.Attribute("href")!.Value == hostile.Url).Element(Atom + "title")!.Value,
            _ => JsonDocument.Parse(raw).RootElement.GetProperty("items").EnumerateArray()
                .Single(i => i.GetProperty("url").GetString() == hostile.Url).GetProperty("title").GetString()!,
        };
        var readable = format == "json" ? hostile.Title : new string(hostile.Title.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray());
        Assert.Equal(readable, title);
        Assert.Contains("<script>alert(1)</script> & \"Tom\" ]]>", title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_take_the_list_filters_and_page_size()
    {
        var client = await factory.CreateReadyClientAsync();
        var (expected, _) = await NewestAsync(client, "&q=crocodile");
        Assert.NotEmpty(expected);
        var rss = XDocument.Parse(await client.GetStringAsync("/api/v1/feeds/articles.rss?q=crocodile")).Root!;
        Assert.Equal(expected.Select(e => e.Url), rss.Element("channel")!.Elements("item").Select(i => i.Element("link")!.Value));

        var (withImages, _) = await NewestAsync(client, "&hasImages=true");
        var atom = XDocument.Parse(await client.GetStringAsync("/api/v1/feeds/articles.atom?hasImages=true")).Root!;
        Assert.Equal(withImages.Count, atom.Elements(Atom + "entry").Count());

        var one = JsonDocument.Parse(await client.GetStringAsync("/api/v1/feeds/articles.json?pageSize=1")).RootElement;
        Assert.Single(one.GetProperty("items").EnumerateArray());

        await (await client.GetAsync("/api/v1/feeds/articles.rss?pageSize=101")).ValidationProblemAsync("pageSize");
        await (await client.GetAsync("/api/v1/feeds/articles.atom?sort=id")).ValidationProblemAsync("sort");
    }

    [Theory]
    [InlineData("articles.rss")]
    [InlineData("articles.atom")]
    [InlineData("articles.json")]
    [InlineData("sitemap.xml")]
    public async Task A_feed_has_an_ETag_and_answers_304_when_unchanged(string feed)
    {
        var client = await factory.CreateReadyClientAsync();
        using var first = await client.GetAsync($"/api/v1/feeds/{feed}");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/feeds/{feed}");
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task The_sitemap_lists_every_article_url_with_its_lastmod()
    {
        var client = await factory.CreateReadyClientAsync();
        var (all, total) = await NewestAsync(client, "", pageSize: 100);
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urlset = XDocument.Parse(await client.GetStringAsync("/api/v1/feeds/sitemap.xml")).Root!;

        Assert.Equal(sm + "urlset", urlset.Name);
        var urls = urlset.Elements(sm + "url").ToDictionary(u => u.Element(sm + "loc")!.Value, u => ParseRfc3339(u.Element(sm + "lastmod")!.Value));
        Assert.Equal(total, urls.Count);
        Assert.All(all, a => Assert.Equal(a.UpdatedAt, urls[a.Url]));

        await (await client.GetAsync("/api/v1/feeds/sitemap.xml?part=2")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private sealed record Listed(int Id, string Url, string Title, DateTimeOffset UpdatedAt);

    /// <summary>The article list's answer for the same filters, newest first: what a feed must hold.</summary>
    private static async Task<(List<Listed> Items, int Total)> NewestAsync(HttpClient client, string filters, int pageSize = 20)
    {
        var page = await client.GetJsonAsync($"/api/v1/articles?sort=-updatedAt&pageSize={pageSize}{filters}");
        var items = page.GetProperty("items").EnumerateArray()
            .Select(i => new Listed(i.GetProperty("id").GetInt32(), i.GetProperty("url").GetString()!, i.GetProperty("title").GetString()!,
                DateTimeOffset.Parse(i.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture)))
            .Select(l => l with { UpdatedAt = TruncateToSeconds(l.UpdatedAt) })
            .ToList();
        return (items, page.GetProperty("totalItems").GetInt32());
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset ParseRfc3339(string text)
    {
        Assert.Matches(Rfc3339Pattern(), text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339Pattern();
}
