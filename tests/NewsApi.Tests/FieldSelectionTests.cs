using System.Net;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary><c>fields=</c>: a front-end takes only the properties it shows, on the list, in search and on one article.</summary>
public sealed class FieldSelectionTests(RenditionNewsApiFactory factory) : IClassFixture<RenditionNewsApiFactory>
{
    private static List<string> Names(JsonElement item) => item.EnumerateObject().Select(p => p.Name).ToList();

    [Theory]
    [InlineData("/api/v1/articles?fields=id,title,leadImage&pageSize=2")]
    [InlineData("/api/v1/articles?q=korea&fields=id,title,leadImage&pageSize=2")]
    public async Task Each_listed_item_has_exactly_the_fields_asked_for_and_the_envelope_stays(string url)
    {
        var client = await factory.CreateReadyClientAsync();

        var page = await client.GetJsonAsync(url);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.Equal(["id", "title", "leadImage"], Names(item)));
        foreach (var envelope in new[] { "page", "pageSize", "totalItems", "totalPages", "nextCursor" })
        {
            Assert.True(page.TryGetProperty(envelope, out _), $"{envelope} missing");
        }
    }

    [Fact]
    public async Task The_next_cursor_of_a_trimmed_page_leads_to_the_same_articles_as_the_full_list()
    {
        var client = await factory.CreateReadyClientAsync();
        var trimmed = await client.GetJsonAsync("/api/v1/articles?fields=id&pageSize=2");
        var full = await client.GetJsonAsync("/api/v1/articles?pageSize=2");
        Assert.Equal(full.Ids(), trimmed.Ids());

        var next = await client.GetJsonAsync($"/api/v1/articles?fields=id&pageSize=2&after={trimmed.GetProperty("nextCursor").GetString()}");
        var fullNext = await client.GetJsonAsync($"/api/v1/articles?pageSize=2&after={full.GetProperty("nextCursor").GetString()}");

        Assert.Equal(fullNext.Ids(), next.Ids());
    }

    [Fact]
    public async Task One_article_has_exactly_the_fields_asked_for_even_when_it_has_a_stored_rendition()
    {
        var client = await factory.CreateReadyClientAsync();
        await factory.RenderAllAsync();

        var article = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}?fields=title,id");

        Assert.Equal(["id", "title"], Names(article));
        Assert.Equal(Fixtures.SeedTitle, article.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_trimmed_article_has_its_own_stable_etag_and_answers_304_to_it_but_not_to_the_full_one()
    {
        var client = await factory.CreateReadyClientAsync();
        await factory.RenderAllAsync();
        var url = $"/api/v1/articles/{Fixtures.SeedSlug}";
        var full = (await client.GetAsync(url)).Headers.ETag!.ToString();
        var trimmed = (await client.GetAsync(url + "?fields=id,title")).Headers.ETag!.ToString();
        var again = (await client.GetAsync(url + "?fields=id,title")).Headers.ETag!.ToString();

        Assert.NotEqual(full, trimmed);
        Assert.Equal(trimmed, again);
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(client, url + "?fields=id,title", trimmed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Conditional(client, url + "?fields=id,title", full)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Conditional(client, url, trimmed)).StatusCode);
    }

    private static Task<HttpResponseMessage> Conditional(HttpClient client, string url, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return client.SendAsync(request);
    }

    [Theory]
    [InlineData("/api/v1/articles?fields=id,headline", "summary")]
    [InlineData("/api/v1/articles?fields=leadImage.caption", "leadImage")]
    [InlineData("/api/v1/articles?q=korea&fields=Title", "highlights")]
    [InlineData("/api/v1/articles/1?fields=id,wordcount", "relatedLinks")]
    [InlineData("/api/v1/articles/1?fields=,", "source")]
    public async Task An_unknown_field_is_a_400_that_lists_the_valid_ones(string url, string aValidName)
    {
        var client = await factory.CreateReadyClientAsync();

        var problem = await (await client.GetAsync(url)).ValidationProblemAsync("fields");

        var message = problem.GetProperty("errors").GetProperty("fields")[0].GetString()!;
        Assert.Contains(aValidName, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_fields_is_the_same_as_none()
    {
        var client = await factory.CreateReadyClientAsync();

        var article = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}?fields=");

        Assert.True(article.TryGetProperty("body", out _));
        Assert.True(article.TryGetProperty("source", out _));
    }
}
