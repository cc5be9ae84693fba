using System.Net;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// What a response says must not depend on whether it came from the output cache or a stored rendition: its status
/// for an Accept that rules JSON out, and its freshness to the browser or CDN that keeps it.
/// </summary>
public sealed class CacheNegotiationTests
{
    [Theory]
    [InlineData("/api/v1/articles?pageSize=2")] // output cache
    [InlineData("/api/v1/articles?q=hovercraft")] // output cache, search
    [InlineData("/api/v1/articles/{id}")] // stored rendition
    [InlineData("/api/v1/articles/{id}?fields=id,title")] // bytes written by the action
    [InlineData("/api/v1/articles?pageSize=2&fields=id")] // bytes written by the action
    public async Task Accept_text_html_gets_406_whether_or_not_a_json_answer_is_cached(string path)
    {
        using var factory = new NewsApiFactory();
        var client = await factory.CreateReadyClientAsync();
        var id = (await client.GetJsonAsync("/api/v1/articles?pageSize=1")).Ids()[0];
        path = path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var cold = await GetAsync(client, path, "text/html");
        Assert.Equal(HttpStatusCode.NotAcceptable, cold.StatusCode);
        Assert.Contains("Accept", (await cold.ProblemAsync(HttpStatusCode.NotAcceptable)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, path, "application/json")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotAcceptable, (await GetAsync(client, path, "text/html")).StatusCode);

        // A browser's address bar accepts anything after HTML, so it gets the JSON.
        var browser = await GetAsync(client, path, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Assert.Equal(HttpStatusCode.OK, browser.StatusCode);
        Assert.Equal("application/json", browser.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/feeds/articles.rss", "text/html")]
    [InlineData("/api/v1/feeds/articles.json", "application/json")]
    [InlineData("/api/v1/feeds/sitemap.xml", "text/html")]
    [InlineData("/api/v1/articles/{id}/jsonld", "application/ld+json")]
    public async Task Feeds_the_sitemap_and_json_ld_answer_their_format_whatever_accept_says(string path, string accept)
    {
        using var factory = new NewsApiFactory();
        var client = await factory.CreateReadyClientAsync();
        var id = (await client.GetJsonAsync("/api/v1/articles?pageSize=1")).Ids()[0];
        path = path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, path, accept)).StatusCode);
        }
    }

    [Fact]
    public async Task An_output_cache_hit_older_than_its_max_age_never_carries_an_age_above_it()
    {
        const string path = "/api/v1/articles?pageSize=2";
        using var factory = new ShortMaxAgeFactory();
        var client = await factory.CreateReadyClientAsync();

        // A hit repeats the Date of the response it stored, so the same Date 2.5 s later is a hit. A commit by
        // another connection (renditions rendered after the start-up import) changes the content version and makes
        // a miss, so the pair is tried again until it is a hit.
        for (var attempt = 1; ; attempt++)
        {
            var stored = await client.GetAsync(path);
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // the entry now outlives max-age=1
            var later = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
            if (later.Headers.Date != stored.Headers.Date)
            {
                Assert.True(attempt < 5, "The list page was never answered from the output cache");
                continue;
            }

            var maxAge = Assert.IsType<TimeSpan>(later.Headers.CacheControl?.MaxAge);
            Assert.True(later.Headers.Age is not { } age || age <= maxAge, $"Age {later.Headers.Age} is above max-age {maxAge}");
            return;
        }
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return client.SendAsync(request);
    }

    private sealed class ShortMaxAgeFactory : NewsApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("NewsApi:CacheMaxAgeSeconds", "1")];
    }
}
