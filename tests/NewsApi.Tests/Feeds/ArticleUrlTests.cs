using NewsApi.Hosting;
using NewsApi.Tests.Support;

namespace NewsApi.Tests.Feeds;

/// <summary>A host whose articles live on a public site: <c>NewsApi:PublicArticleUrl</c> is set.</summary>
public sealed class PublicSiteNewsApiFactory : NewsApiFactory
{
    public const string Template = "https://news.example.com/{slug}?ref={id}";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("NewsApi:PublicArticleUrl", Template), new("NewsApi:Publisher:Name", "Example <News> & Co")];
}

/// <summary>A host with neither <c>PublicArticleUrl</c> nor <c>PublicBaseUrl</c>: URLs come from each request.</summary>
public sealed class RequestUrlNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("NewsApi:PublicBaseUrl", "")];
}

public sealed class ArticleUrlTests(PublicSiteNewsApiFactory site, RequestUrlNewsApiFactory byRequest)
    : IClassFixture<PublicSiteNewsApiFactory>, IClassFixture<RequestUrlNewsApiFactory>
{
    [Fact]
    public async Task The_public_template_is_the_url_of_the_article_and_of_its_list_item()
    {
        var client = await site.CreateReadyClientAsync();
        var article = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}");
        var id = article.GetProperty("id").GetInt32();
        var expected = $"https://news.example.com/{Fixtures.SeedSlug}?ref={id}";
        Assert.Equal(expected, article.GetProperty("url").GetString());

        var byId = await client.GetJsonAsync($"/api/v1/articles/{id}");
        Assert.Equal(expected, byId.GetProperty("url").GetString());

        var list = await client.GetJsonAsync("/api/v1/articles?pageSize=100");
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == id);
        Assert.Equal(expected, item.GetProperty("url").GetString());

        var search = await client.GetJsonAsync("/api/v1/articles?q=kim");
        Assert.Contains(search.GetProperty("items").EnumerateArray(), i => i.GetProperty("url").GetString() == expected);
    }

    [Fact]
    public async Task Without_settings_the_url_is_the_API_URL_of_the_host_asked_even_on_repeated_reads()
    {
        var client = await byRequest.CreateReadyClientAsync();
        foreach (var host in new[] { "one.example", "two.example", "one.example" })
        {
            // Twice per host: the second read would be the one a stored rendition or a cache answers.
            for (var i = 0; i < 2; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{Fixtures.SeedSlug}");
                request.Headers.Host = host;
                var article = await (await client.SendAsync(request)).JsonAsync();
                Assert.Equal($"http://{host}/api/v1/articles/{Fixtures.SeedSlug}", article.GetProperty("url").GetString());

                using var listRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
                listRequest.Headers.Host = host;
                var list = await (await client.SendAsync(listRequest)).JsonAsync();
                Assert.All(list.GetProperty("items").EnumerateArray(),
                    item => Assert.StartsWith($"http://{host}/api/v1/articles/", item.GetProperty("url").GetString()));
            }
        }
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "https://api.example.com", true)]
    [InlineData("https://news.example.com/{slug}", null, true)]
    public void Renditions_are_stored_only_when_article_urls_do_not_depend_on_the_request(string? template, string? baseUrl, bool stored)
    {
        // A stored rendition is shared by every request, so it may not hold a URL made from one request's host.
        Assert.Equal(stored, new NewsApiOptions { PublicArticleUrl = template, PublicBaseUrl = baseUrl }.StoresRenditions);
        Assert.False(new NewsApiOptions { PublicArticleUrl = template, PublicBaseUrl = baseUrl, RenderArticles = false }.StoresRenditions);
    }

    [Theory]
    [InlineData("news.example.com/{slug}")]
    [InlineData("ftp://news.example.com/{slug}")]
    [InlineData("https://news.example.com/articles")]
    [InlineData("/articles/{id}")]
    public void A_public_article_url_that_is_not_an_absolute_http_template_fails_validation(string template)
    {
        var result = new NewsApiOptionsValidator().Validate(null, new NewsApiOptions { PublicArticleUrl = template });
        Assert.True(result.Failed);
        Assert.Contains("NewsApi:PublicArticleUrl", result.FailureMessage);
    }

    [Theory]
    [InlineData("https://news.example.com/{slug}", null, "NewsApi")]
    [InlineData("http://news.example.com/a/{id}", "https://api.example.com/", "Daily")]
    public void Absolute_templates_base_urls_and_a_publisher_name_pass(string template, string? baseUrl, string publisher)
    {
        var result = new NewsApiOptionsValidator().Validate(null,
            new NewsApiOptions { PublicArticleUrl = template, PublicBaseUrl = baseUrl, Publisher = { Name = publisher } });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\u0001name")]
    public void A_blank_or_control_character_publisher_name_fails_validation(string name)
    {
        var result = new NewsApiOptionsValidator().Validate(null, new NewsApiOptions { Publisher = { Name = name } });
        Assert.True(result.Failed);
        Assert.Contains("Publisher", result.FailureMessage);
    }

    [Fact]
    public void A_base_url_with_a_query_fails_validation()
    {
        var result = new NewsApiOptionsValidator().Validate(null, new NewsApiOptions { PublicBaseUrl = "https://api.example.com/?x=1" });
        Assert.True(result.Failed);
        Assert.Contains("NewsApi:PublicBaseUrl", result.FailureMessage);
    }
}
