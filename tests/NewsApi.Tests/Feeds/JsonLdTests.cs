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
    public async Task An_unknown_article_is_a_404_problem_and_a_spelling_variant_redirects()
    {
        var client = await factory.CreateReadyClientAsync();
        await (await client.GetAsync("/api/v1/articles/no-such-article/jsonld")).ProblemAsync(HttpStatusCode.NotFound);

        using var variant = await client.GetAsync($"/api/v1/articles/{Fixtures.SeedSlug.ToUpperInvariant()}/jsonld");
        Assert.Equal(HttpStatusCode.PermanentRedirect, variant.StatusCode);
        Assert.EndsWith($"/api/v1/articles/{Fixtures.SeedSlug}/jsonld", variant.Headers.Location?.ToString());
    }
}
