using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

public sealed class SmokeTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Fact]
    public async Task The_seed_article_is_listed_with_its_exact_headline()
    {
        var client = await factory.CreateReadyClientAsync();

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/articles?sort=id");

        Assert.Equal(Fixtures.Good.Count, body.GetProperty("totalItems").GetInt32());
        Assert.Equal(Fixtures.SeedTitle, body.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Root_redirects_to_swagger_and_the_document_is_served()
    {
        var client = await factory.CreateReadyClientAsync();

        var root = await client.GetAsync("/");
        var doc = await client.GetAsync("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/swagger", root.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, doc.StatusCode);
    }
}
