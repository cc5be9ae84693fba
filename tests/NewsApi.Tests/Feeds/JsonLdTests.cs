using System.Net;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests.Feeds;

public sealed class JsonLdTests(PublicSiteNewsApiFactory factory) : IClassFixture<PublicSiteNewsApiFactory>
{
    [Fact]
    public async Task An_article_is_a_schema_org_NewsArticle_with_its_url_publisher_and_resolved_teasers()
    {
        var client = await factory.CreateReadyClientAsync();
        var crocodile = (await client.GetJsonAsync("/api/v1/articles?q=crocodile")).GetProperty("items")[0];
        var article = await client.GetJsonAsync($"/api/v1/articles/{crocodile.GetProperty("slug").GetString()}");
        var seed = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}");

        using var response = await client.GetAsync($"/api/v1/articles/{article.GetProperty("id").GetInt32()}/jsonld");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var ld = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("https://schema.org", ld.GetProperty("@context").GetString());
        Assert.Equal("NewsArticle", ld.GetProperty("@type").GetString());
        Assert.Equal(article.GetProperty("url").GetString(), ld.GetProperty("@id").GetString());
        Assert.Equal(article.GetProperty("url").GetString(), ld.GetProperty("url").GetString());
        Assert.Equal(article.GetProperty("title").GetString(), ld.GetProperty("headline").GetString());
        Assert.Equal(article.GetProperty("summary").GetString(), ld.GetProperty("description").GetString());
        Assert.Equal(article.GetProperty("wordCount").GetInt32(), ld.GetProperty("wordCount").GetInt32());
        Assert.StartsWith(article.GetProperty("summary").GetString()!, ld.GetProperty("articleBody").GetString(), StringComparison.Ordinal);
        Assert.Equal(article.GetProperty("updatedAt").GetString(), ld.GetProperty("dateModified").GetString());
        Assert.Equal("Organization", ld.GetProperty("publisher").GetProperty("@type").GetString());
        Assert.Equal("Example <News> & Co", ld.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal([seed.GetProperty("url").GetString()], ld.GetProperty("relatedLink").EnumerateArray().Select(l => l.GetString()));
        Assert.False(ld.TryGetProperty("author", out _), "no byline is known yet");
    }

    [Fact]
    public async Task The_byline_date_and_source_url_the_source_prints_become_author_datePublished_and_isBasedOn()
    {
        using var writable = new WritableNewsApiFactory();
        var client = await writable.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        var created = await (await client.PostAsync("/api/v1/articles", new StringContent("""
            Library extends weekend opening hours
            https://example.org/news/2022/10/05/library-hours/
            By Priya Castellano
            2022-10-05T09:30:00+01:00
            MAPLETON — The central library will open on Sundays from next month, the council said.
            """, System.Text.Encoding.UTF8, "text/plain"))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Priya Castellano", created.GetProperty("byline").GetString());

        var ld = await client.GetJsonAsync($"/api/v1/articles/{created.GetProperty("id").GetInt32()}/jsonld");
        Assert.Equal(("Person", "Priya Castellano"), (ld.GetProperty("author").GetProperty("@type").GetString(), ld.GetProperty("author").GetProperty("name").GetString()));
        Assert.Equal(new DateTimeOffset(2022, 10, 5, 8, 30, 0, TimeSpan.Zero), ld.GetProperty("datePublished").GetDateTimeOffset());
        Assert.Equal("https://example.org/news/2022/10/05/library-hours/", ld.GetProperty("isBasedOn").GetString());

        var feed = await client.GetJsonAsync("/api/v1/feeds/articles.json?q=library");
        var item = Assert.Single(feed.GetProperty("items").EnumerateArray());
        Assert.Equal("2022-10-05T08:30:00Z", item.GetProperty("date_published").GetString());
        Assert.Equal("Priya Castellano", item.GetProperty("authors")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unknown_article_is_a_404_problem_and_a_spelling_variant_redirects()
    {
        var client = await factory.CreateReadyClientAsync();
        await (await client.GetAsync("/api/v1/articles/no-such-article/jsonld")).ProblemAsync(HttpStatusCode.NotFound);

        using var variant = await client.GetAsync($"/api/v1/articles/{Fixtures.SeedSlug.ToUpperInvariant()}/jsonld");
        Assert.Equal(HttpStatusCode.PermanentRedirect, variant.StatusCode);
        Assert.EndsWith($"/api/v1/articles/{Fixtures.SeedSlug}/jsonld", variant.Headers.Location?.ToString());
    }
}
