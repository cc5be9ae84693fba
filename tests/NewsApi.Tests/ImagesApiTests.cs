using System.Globalization;
using System.Net;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary><c>/api/v1/images</c>: the list, its filters and paging, and one image.</summary>
public sealed class ImagesApiTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Fact]
    public async Task The_list_holds_every_image_of_every_article_in_id_order()
    {
        var client = await factory.CreateReadyClientAsync();
        var expected = new List<int>();
        foreach (var article in await client.AllArticlesAsync())
        {
            var images = await client.GetJsonAsync($"/api/v1/articles/{article.GetProperty("id").GetInt32()}/images");
            expected.AddRange(images.EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        }

        var response = await client.GetAsync("/api/v1/images?pageSize=100");
        var page = await response.JsonAsync();

        Assert.Equal(expected.Order(), page.Ids());
        Assert.Equal(expected.Count, page.GetProperty("totalItems").GetInt32());
        Assert.Equal(expected.Count.ToString(CultureInfo.InvariantCulture), response.Header("X-Total-Count"));
        Assert.Contains("first", response.Links().Keys);
    }

    [Fact]
    public async Task One_image_carries_its_caption_credit_and_article()
    {
        var client = await factory.CreateReadyClientAsync();
        var article = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        var listed = article.GetProperty("images")[0];

        var image = await client.GetJsonAsync($"/api/v1/images/{listed.GetProperty("id").GetInt32()}");

        foreach (var name in new[] { "id", "position", "caption", "credit", "creditAgency", "creditPhotographer", "lines" })
        {
            Assert.Equal(listed.GetProperty(name).GetRawText(), image.GetProperty(name).GetRawText());
        }

        Assert.Equal("REUTERS/Jason Lee", image.GetProperty("credit").GetString());
        Assert.Equal(article.GetProperty("id").GetInt32(), image.GetProperty("article").GetProperty("id").GetInt32());
        Assert.Equal(Fixtures.SeedSlug, image.GetProperty("article").GetProperty("slug").GetString());
        Assert.Equal(Fixtures.SeedTitle, image.GetProperty("article").GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_agency_only_credit_keeps_an_explicit_null_photographer()
    {
        var client = await factory.CreateReadyClientAsync();
        var crocodileId = await client.ArticleIdByTitleAsync(Fixtures.CrocodileTitle);

        var page = await client.GetJsonAsync($"/api/v1/images?articleId={crocodileId}");

        var image = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("AFP/Getty Images", image.GetProperty("credit").GetString());
        Assert.Equal(JsonValueKind.Null, image.GetProperty("creditPhotographer").ValueKind);
        Assert.Equal("The crocodile in its enclosure in North Sulawesi", image.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task ArticleId_filters_to_that_articles_images()
    {
        var client = await factory.CreateReadyClientAsync();

        foreach (var article in await client.AllArticlesAsync())
        {
            var id = article.GetProperty("id").GetInt32();
            var page = await client.GetJsonAsync($"/api/v1/images?articleId={id}");

            Assert.Equal(article.GetProperty("imageCount").GetInt32(), page.GetProperty("totalItems").GetInt32());
            Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal(id, i.GetProperty("article").GetProperty("id").GetInt32()));
        }
    }

    [Theory]
    [InlineData("reuters")]
    [InlineData("Getty")]
    [InlineData("Jason")]
    public async Task Credit_filters_images_by_credit_text_in_any_case(string credit)
    {
        var client = await factory.CreateReadyClientAsync();
        var all = (await client.GetJsonAsync("/api/v1/images?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        var expected = all.Where(i => i.GetProperty("credit").GetString()?.Contains(credit, StringComparison.OrdinalIgnoreCase) == true)
            .Select(i => i.GetProperty("id").GetInt32()).ToList();

        var page = await client.GetJsonAsync($"/api/v1/images?credit={credit}");

        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count, "The filter must leave something out to be tested");
        Assert.Equal(expected, page.Ids());
    }

    [Fact]
    public async Task Credit_and_articleId_combine()
    {
        var client = await factory.CreateReadyClientAsync();
        var seedId = await client.ArticleIdByTitleAsync(Fixtures.SeedTitle);

        var match = await client.GetJsonAsync($"/api/v1/images?articleId={seedId}&credit=REUTERS");
        var none = await client.GetJsonAsync($"/api/v1/images?articleId={seedId}&credit=Getty");

        Assert.Single(match.Ids());
        Assert.Empty(none.Ids());
        Assert.Equal(0, none.GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task Q_searches_captions()
    {
        var client = await factory.CreateReadyClientAsync();
        var seed = await client.ArticleBySlugAsync(Fixtures.SeedSlug);

        var page = await client.GetJsonAsync("/api/v1/images?q=airport");

        Assert.Equal(seed.GetProperty("images")[0].GetProperty("id").GetInt32(), Assert.Single(page.Ids()));
    }

    [Fact]
    public async Task Cursor_and_page_paging_give_the_same_images()
    {
        var client = await factory.CreateReadyClientAsync();
        var all = (await client.GetJsonAsync("/api/v1/images?pageSize=100")).Ids();
        Assert.True(all.Count >= 2, "Paging needs at least two images");

        var byCursor = new List<int>();
        var url = "/api/v1/images?pageSize=1";
        while (url is not null)
        {
            var page = await client.GetJsonAsync(url);
            byCursor.AddRange(page.Ids());
            var cursor = page.GetProperty("nextCursor").GetString();
            url = cursor is null ? null : $"/api/v1/images?pageSize=1&after={Uri.EscapeDataString(cursor)}";
            Assert.True(byCursor.Count <= all.Count);
        }

        var byPage = new List<int>();
        for (var n = 1; n <= all.Count; n++)
        {
            byPage.AddRange((await client.GetJsonAsync($"/api/v1/images?pageSize=1&page={n}")).Ids());
        }

        var beyond = await client.GetJsonAsync($"/api/v1/images?pageSize=1&page={all.Count + 1}");

        Assert.Equal(all, byCursor);
        Assert.Equal(all, byPage);
        Assert.Empty(beyond.Ids());
        Assert.Equal(all.Count, beyond.GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task An_unknown_image_is_a_404_problem()
    {
        var client = await factory.CreateReadyClientAsync();

        var problem = await (await client.GetAsync("/api/v1/images/999999")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Image not found", problem.GetProperty("title").GetString());
        Assert.Contains("999999", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
