using System.Net;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>Bad input gets the same 400 and 404 problems in Production and in Development, and never a 500.</summary>
public abstract class ErrorTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : NewsApiFactory
{
    [Theory]
    [InlineData("/api/v1/articles/999999", "Article not found")]
    [InlineData("/api/v1/articles/no-such-article", "Article not found")]
    [InlineData("/api/v1/articles/no-such-article/images", "Article not found")]
    [InlineData("/api/v1/articles/999999/related-links", "Article not found")]
    [InlineData("/api/v1/articles/no-such-article/backlinks", "Article not found")]
    [InlineData("/api/v1/images/999999", "Image not found")]
    [InlineData("/api/v1/related-links/999999", "Related link not found")]
    public async Task Unknown_resources_are_404_problems_naming_what_was_not_found(string url, string title)
    {
        var client = await factory.CreateReadyClientAsync();

        var problem = await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(url.Split('/')[4], problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/nope")]
    [InlineData("/api/v2/articles")]
    [InlineData("/api/v1/articles/1/nope")]
    [InlineData("/api/v1/images/abc")]
    [InlineData("/api/v1/related-links/99999999999")]
    [InlineData("/nope")]
    public async Task Unknown_routes_are_404_problems(string url)
    {
        var client = await factory.CreateReadyClientAsync();

        await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/v1/imports/latest")]
    [InlineData("PUT", "/api/v1/search/suggest")]
    [InlineData("DELETE", "/api/v1/images")]
    public async Task Methods_a_route_does_not_have_are_405_problems(string method, string url)
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Theory]
    // Malformed
    [InlineData("/api/v1/articles?page=abc", "page")]
    [InlineData("/api/v1/articles?pageSize=ten", "pageSize")]
    [InlineData("/api/v1/articles?hasImages=maybe", "hasImages")]
    [InlineData("/api/v1/articles?sort=bogus", "sort")]
    [InlineData("/api/v1/articles?sort=TITLE", "sort")]
    [InlineData("/api/v1/articles?after=!!!not-a-cursor", "after")]
    [InlineData("/api/v1/articles?after=Zm9v", "after")]
    [InlineData("/api/v1/articles?sort=-updatedAt&after=MXw", "after")]
    [InlineData("/api/v1/articles?page=1&after=MXw", "after")]
    [InlineData("/api/v1/images?after=%25%25", "after")]
    [InlineData("/api/v1/images?page=2&after=MXw", "after")]
    [InlineData("/api/v1/related-links?page=2&after=MXw", "after")]
    [InlineData("/api/v1/related-links?resolved=sometimes", "resolved")]
    [InlineData("/api/v1/images?articleId=x", "articleId")]
    // Out of range
    [InlineData("/api/v1/articles?page=0", "page")]
    [InlineData("/api/v1/articles?page=-1", "page")]
    [InlineData("/api/v1/articles?page=1000001", "page")]
    [InlineData("/api/v1/articles?page=99999999999", "page")]
    [InlineData("/api/v1/articles?pageSize=0", "pageSize")]
    [InlineData("/api/v1/articles?pageSize=101", "pageSize")]
    [InlineData("/api/v1/articles?pageSize=1000", "pageSize")]
    [InlineData("/api/v1/images?pageSize=0", "pageSize")]
    [InlineData("/api/v1/related-links?pageSize=101", "pageSize")]
    [InlineData("/api/v1/images?articleId=0", "articleId")]
    [InlineData("/api/v1/search/suggest", "prefix")]
    [InlineData("/api/v1/search/suggest?prefix=", "prefix")]
    // Unknown
    [InlineData("/api/v1/articles?foo=1", "foo")]
    [InlineData("/api/v1/articles?page_size=2", "page_size")]
    [InlineData("/api/v1/images?resolved=true", "resolved")]
    [InlineData("/api/v1/related-links?credit=x", "credit")]
    [InlineData("/api/v1/articles/1?page=1", "page")]
    [InlineData("/api/v1/search/suggest?prefix=n&q=x", "q")]
    // Repeated
    [InlineData("/api/v1/articles?page=1&page=2", "page")]
    [InlineData("/api/v1/articles?pageSize=2&pageSize=2", "pageSize")]
    [InlineData("/api/v1/images?articleId=1&articleId=2", "articleId")]
    [InlineData("/api/v1/search/suggest?prefix=a&prefix=b", "prefix")]
    public async Task Bad_parameters_are_400_problems_naming_the_parameter(string url, string parameter)
    {
        var client = await factory.CreateReadyClientAsync();

        await (await client.GetAsync(url)).ValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task A_prefix_over_100_characters_is_a_400()
    {
        var client = await factory.CreateReadyClientAsync();

        await (await client.GetAsync("/api/v1/search/suggest?prefix=" + new string('n', 101))).ValidationProblemAsync("prefix");
    }

    [Fact]
    public async Task Every_bad_parameter_of_a_request_is_named()
    {
        var client = await factory.CreateReadyClientAsync();

        var problem = await (await client.GetAsync("/api/v1/articles?foo=1&bar=2")).ValidationProblemAsync("foo");

        Assert.True(problem.GetProperty("errors").TryGetProperty("bar", out _));
    }

    [Theory]
    [InlineData("/api/v1/articles/99999999999")]
    [InlineData("/api/v1/articles/-1")]
    [InlineData("/api/v1/articles/%20")]
    [InlineData("/api/v1/articles/%F0%9F%90%8A")]
    [InlineData("/api/v1/articles/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/v1/articles?q=NEAR(%22a%22%20OR")]
    [InlineData("/api/v1/articles?q=%22")]
    [InlineData("/api/v1/articles?q=-north")]
    [InlineData("/api/v1/articles?q=title%3Anorth")]
    [InlineData("/api/v1/articles?credit=%27%20OR%201%3D1%20--")]
    [InlineData("/api/v1/articles?sort=-updatedAt&after=OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTl8MQ")]
    [InlineData("/api/v1/articles?after=MXw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5")]
    [InlineData("/api/v1/images?q=%2A")]
    [InlineData("/api/v1/search/suggest?prefix=%22")]
    [InlineData("/api/v1/search/suggest?prefix=*")]
    [InlineData("/api/v1/search/suggest?prefix=OR")]
    [InlineData("/api/v1/search/suggest?prefix=-")]
    public async Task Hostile_input_never_gets_a_500(string url)
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync(url);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound,
            $"{url} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_very_long_slug_is_a_404_with_a_short_detail()
    {
        var client = await factory.CreateReadyClientAsync();

        var problem = await (await client.GetAsync("/api/v1/articles/" + new string('x', 5000))).ProblemAsync(HttpStatusCode.NotFound);

        Assert.True(problem.GetProperty("detail").GetString()!.Length < 300);
    }

    [Fact]
    public async Task Errors_accept_a_client_that_asks_for_json()
    {
        var client = await factory.CreateReadyClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles?page=0");
        request.Headers.Accept.ParseAdd("application/json");

        await (await client.SendAsync(request)).ValidationProblemAsync("page");
    }
}

public sealed class ProductionErrorTests(NewsApiFactory factory) : ErrorTests<NewsApiFactory>(factory);

public sealed class DevelopmentErrorTests(DevelopmentNewsApiFactory factory) : ErrorTests<DevelopmentNewsApiFactory>(factory);
