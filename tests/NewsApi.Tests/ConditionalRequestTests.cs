using System.Globalization;
using System.Net;
using System.Text;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The article routes answered by MVC only: no stored renditions.</summary>
public sealed class MvcOnlyNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("NewsApi:RenderArticles", "false")];
}

/// <summary>
/// If-Modified-Since wherever Last-Modified is sent (an article read by id or slug), on both read paths: the stored
/// rendition and MVC behind the output cache. If-None-Match takes precedence; a bad or future date is ignored.
/// </summary>
public abstract class ConditionalRequestTests(NewsApiFactory factory)
{
    /// <summary>Puts the store in the state the read path under test needs.</summary>
    protected abstract Task PrepareAsync();

    private async Task<(HttpClient Client, string ById, string BySlug)> ArticleAsync()
    {
        var client = await factory.CreateReadyClientAsync();
        await PrepareAsync();
        var seed = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        return (client, $"/api/v1/articles/{seed.GetProperty("id").GetInt32()}", $"/api/v1/articles/{Fixtures.SeedSlug}");
    }

    protected static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), name);
        }

        return await client.SendAsync(request);
    }

    private static string Http(DateTimeOffset at) => at.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("GET", false)]
    [InlineData("GET", true)]
    [InlineData("HEAD", false)]
    [InlineData("HEAD", true)]
    public async Task An_if_modified_since_at_or_after_last_modified_gets_304_with_the_validators(string method, bool bySlug)
    {
        var (client, byId, slugUrl) = await ArticleAsync();
        var url = bySlug ? slugUrl : byId;
        var first = await client.GetAsync(url);
        var lastModified = first.Content.Headers.LastModified!.Value;

        // Twice, so the second could be an output-cache hit. (A later date could still be in the future, and ignored:
        // the fixtures were imported moments ago.)
        foreach (var since in new[] { lastModified, lastModified })
        {
            var response = await SendAsync(client, new HttpMethod(method), url, ("If-Modified-Since", Http(since)));

            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(first.Headers.ETag, response.Headers.ETag);
            Assert.Equal(lastModified, response.Content.Headers.LastModified);
            Assert.True(response.Headers.CacheControl?.Public);
        }
    }

    [Fact]
    public async Task An_older_invalid_or_future_if_modified_since_gets_the_article()
    {
        var (client, url, _) = await ArticleAsync();
        var first = await client.GetAsync(url);
        var body = await first.Content.ReadAsStringAsync();
        var lastModified = first.Content.Headers.LastModified!.Value;

        foreach (var since in new[]
        {
            Http(lastModified.AddSeconds(-1)),
            Http(DateTimeOffset.UtcNow.AddDays(1)),
            "yesterday",
            Http(lastModified) + ", " + Http(lastModified),
            string.Empty,
        })
        {
            var response = await SendAsync(client, HttpMethod.Get, url, ("If-Modified-Since", since));

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"If-Modified-Since: {since} got {(int)response.StatusCode}");
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task If_none_match_takes_precedence_over_if_modified_since()
    {
        var (client, url, _) = await ArticleAsync();
        var first = await client.GetAsync(url);
        var lastModified = Http(first.Content.Headers.LastModified!.Value);
        var etag = first.Headers.ETag!.Tag;

        var otherTag = await SendAsync(client, HttpMethod.Get, url, ("If-None-Match", "\"other\""), ("If-Modified-Since", lastModified));
        var sameTag = await SendAsync(client, HttpMethod.Get, url, ("If-None-Match", etag), ("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"));

        Assert.Equal(HttpStatusCode.OK, otherTag.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await otherTag.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotModified, sameTag.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/articles?pageSize=2")]
    [InlineData("/api/v1/images")]
    [InlineData("/api/v1/imports/latest")]
    public async Task A_response_without_last_modified_ignores_if_modified_since(string url)
    {
        var client = await factory.CreateReadyClientAsync();
        var first = await client.GetAsync(url);
        Assert.Null(first.Content.Headers.LastModified);

        // The first request may have filled the output cache; neither a miss nor a hit may answer 304.
        for (var i = 0; i < 2; i++)
        {
            var response = await SendAsync(client, HttpMethod.Get, url, ("If-Modified-Since", Http(DateTimeOffset.UtcNow)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
        }
    }
}

public sealed class RenditionConditionalRequestTests(RenditionNewsApiFactory factory) : ConditionalRequestTests(factory), IClassFixture<RenditionNewsApiFactory>
{
    protected override async Task PrepareAsync() => await factory.RenderAllAsync();

    [Fact]
    public async Task The_article_is_answered_from_its_rendition()
    {
        var client = await factory.CreateReadyClientAsync();
        await PrepareAsync();
        Assert.True(factory.Scalar("SELECT count(*) FROM \"ArticleRenditions\"") > 0);
        var lastModified = (await client.GetAsync($"/api/v1/articles/{Fixtures.SeedSlug}")).Content.Headers.LastModified!.Value;

        // A rendition marked behind the API's back shows which path answered.
        factory.Execute("UPDATE \"ArticleRenditions\" SET \"ETag\" = '\"marked\"'");
        var response = await SendAsync(client, HttpMethod.Get, $"/api/v1/articles/{Fixtures.SeedSlug}", ("If-Modified-Since", Http(lastModified)));
        factory.Execute("DELETE FROM \"ArticleRenditions\"");

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal("\"marked\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_write_ignores_if_modified_since()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        var created = await client.PostAsync("/api/v1/articles", new StringContent("Pier reopens after storm repairs\n\nThe pier reopened on Monday.", Encoding.UTF8, "text/plain"));
        var url = created.Headers.Location!.ToString();
        var article = await client.GetAsync(url);

        var put = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = new StringContent("Pier reopens after winter storm repairs\n\nThe pier reopened on Monday.", Encoding.UTF8, "text/plain"),
        };
        put.Headers.TryAddWithoutValidation("If-Match", article.Headers.ETag!.Tag);
        put.Headers.TryAddWithoutValidation("If-Modified-Since", Http(DateTimeOffset.UtcNow));
        var response = await client.SendAsync(put);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Http(DateTimeOffset at) => at.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);
}

public sealed class MvcConditionalRequestTests(MvcOnlyNewsApiFactory factory) : ConditionalRequestTests(factory), IClassFixture<MvcOnlyNewsApiFactory>
{
    protected override Task PrepareAsync() => Task.CompletedTask;
}
