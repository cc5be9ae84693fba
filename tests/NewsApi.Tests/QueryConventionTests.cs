using System.Net;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// What browsers and front-end libraries send without asking: an empty search box (<c>q=</c>) and jQuery's cache
/// buster (<c>_=1700000000000</c>). Run in Production and in Development.
/// </summary>
public abstract class QueryConventionTests(NewsApiFactory factory)
{
    [Theory]
    [InlineData("/api/v1/articles?q=", "/api/v1/articles")]
    [InlineData("/api/v1/articles?q=&sort=-updatedAt&pageSize=2", "/api/v1/articles?sort=-updatedAt&pageSize=2")]
    [InlineData("/api/v1/articles?q=&hasImages=true", "/api/v1/articles?hasImages=true")]
    [InlineData("/api/v1/images?q=", "/api/v1/images")]
    [InlineData("/api/v1/articles?q=%20%20", "/api/v1/articles")]
    public async Task An_empty_q_is_the_same_as_none(string withEmptyQ, string without)
    {
        var client = await factory.CreateReadyClientAsync();

        var empty = await client.GetJsonAsync(withEmptyQ);
        var none = await client.GetJsonAsync(without);

        Assert.Equal(none.GetProperty("totalItems").GetInt32(), empty.GetProperty("totalItems").GetInt32());
        Assert.Equal(none.Ids(), empty.Ids());
        Assert.All(empty.GetProperty("items").EnumerateArray(), i => Assert.False(i.TryGetProperty("score", out var s) && s.ValueKind != JsonValueKind.Null));
    }

    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/images")]
    public async Task The_openapi_document_allows_an_empty_q(string path)
    {
        var client = await factory.CreateReadyClientAsync();
        var document = await client.GetJsonAsync("/swagger/v1/swagger.json");

        var q = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "q");

        Assert.False(q.GetProperty("schema").TryGetProperty("minLength", out var min) && min.GetInt32() > 0, q.ToString());
        Assert.Contains("empty", q.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/articles?pageSize=2&sort=title")]
    [InlineData("/api/v1/articles?q=the&pageSize=1")]
    [InlineData("/api/v1/articles/" + Fixtures.SeedSlug)]
    [InlineData("/api/v1/articles/" + Fixtures.SeedSlug + "/images")]
    [InlineData("/api/v1/articles/" + Fixtures.SeedSlug + "/related-links")]
    [InlineData("/api/v1/articles/" + Fixtures.SeedSlug + "/backlinks")]
    [InlineData("/api/v1/images?pageSize=1")]
    [InlineData("/api/v1/related-links")]
    [InlineData("/api/v1/imports/latest")]
    [InlineData("/api/v1/search/suggest?prefix=north")]
    public async Task The_cache_buster_is_accepted_and_ignored(string url)
    {
        var client = await factory.CreateReadyClientAsync();
        var plain = await client.GetAsync(url);

        foreach (var buster in new[] { "1700000000000", "1700000000001", string.Empty })
        {
            var busted = await client.GetAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "_=" + buster);

            Assert.Equal(HttpStatusCode.OK, busted.StatusCode);
            Assert.Equal(await plain.Content.ReadAsStringAsync(), await busted.Content.ReadAsStringAsync());
            Assert.Equal(plain.Headers.ETag, busted.Headers.ETag);
            Assert.DoesNotContain("_=", busted.Header("Link") ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/v1/articles?__=1", "__")]
    [InlineData("/api/v1/articles?_x=1", "_x")]
    [InlineData("/api/v1/articles?_=1&bogus=2", "bogus")]
    [InlineData("/api/v1/articles/" + Fixtures.SeedSlug + "?_=1&bogus=2", "bogus")]
    public async Task Other_unknown_parameters_are_still_a_400(string url, string parameter)
    {
        var client = await factory.CreateReadyClientAsync();

        await (await client.GetAsync(url)).ValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task The_cache_buster_is_not_an_api_parameter_but_is_described()
    {
        var client = await factory.CreateReadyClientAsync();
        var document = await client.GetJsonAsync("/swagger/v1/swagger.json");

        var parameters = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Value.TryGetProperty("parameters", out _))
            .SelectMany(o => o.Value.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        Assert.DoesNotContain("_", parameters);
        Assert.Contains("`_`", document.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}

public sealed class ProductionQueryConventionTests(NewsApiFactory factory) : QueryConventionTests(factory), IClassFixture<NewsApiFactory>;

public sealed class DevelopmentQueryConventionTests(DevelopmentNewsApiFactory factory) : QueryConventionTests(factory), IClassFixture<DevelopmentNewsApiFactory>;
