using System.Globalization;
using System.Net;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary><c>/api/v1/related-links</c>: teasers resolved across files, the resolved filter, and one link.</summary>
public sealed class RelatedLinksApiTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Fact]
    public async Task The_list_holds_every_teaser_of_every_article()
    {
        var client = await factory.CreateReadyClientAsync();
        var expected = new List<int>();
        foreach (var article in await client.AllArticlesAsync())
        {
            var links = await client.GetJsonAsync($"/api/v1/articles/{article.GetProperty("id").GetInt32()}/related-links");
            expected.AddRange(links.EnumerateArray().Select(l => l.GetProperty("id").GetInt32()));
        }

        var response = await client.GetAsync("/api/v1/related-links?pageSize=100");
        var page = await response.JsonAsync();

        Assert.Equal(expected.Order(), page.Ids());
        Assert.Equal(expected.Count.ToString(CultureInfo.InvariantCulture), response.Header("X-Total-Count"));
    }

    [Fact]
    public async Task The_crocodile_teaser_resolves_and_the_drink_driver_teaser_does_not()
    {
        var client = await factory.CreateReadyClientAsync();
        var crocodile = (await client.AllArticlesAsync()).Single(a => a.GetProperty("title").GetString() == Fixtures.CrocodileTitle);
        var page = await client.GetJsonAsync("/api/v1/related-links?pageSize=100");
        var links = page.GetProperty("items").EnumerateArray().ToList();

        var toCrocodile = links.Single(l => l.GetProperty("title").GetString() == Fixtures.CrocodileTitle);
        var toDrinkDriver = links.Single(l => l.GetProperty("title").GetString() == Fixtures.DrinkDriverTitle);

        Assert.Equal(crocodile.GetProperty("id").GetInt32(), toCrocodile.GetProperty("targetArticleId").GetInt32());
        Assert.Equal(crocodile.GetProperty("slug").GetString(), toCrocodile.GetProperty("targetSlug").GetString());
        Assert.Equal(Fixtures.SeedSlug, toCrocodile.GetProperty("article").GetProperty("slug").GetString());
        Assert.Equal("MORE", toCrocodile.GetProperty("marker").GetString());
        Assert.Equal(JsonValueKind.Null, toDrinkDriver.GetProperty("targetArticleId").ValueKind);
        Assert.Equal(JsonValueKind.Null, toDrinkDriver.GetProperty("targetSlug").ValueKind);
    }

    [Fact]
    public async Task A_resolved_teaser_carries_the_same_card_of_its_target_everywhere_and_an_unresolved_one_null()
    {
        var client = await factory.CreateReadyClientAsync();
        var listed = await client.AllArticlesAsync();
        var crocodile = listed.Single(a => a.GetProperty("title").GetString() == Fixtures.CrocodileTitle);
        var seedItem = listed.Single(a => a.GetProperty("slug").GetString() == Fixtures.SeedSlug);
        var seed = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        var seedId = seed.GetProperty("id").GetInt32();

        // The card is the list item's id, slug, title, summary, lead image and url, whatever lists the teaser.
        var expected = Card(crocodile);
        var linkId = seed.GetProperty("relatedLinks").EnumerateArray().Single(l => l.GetProperty("title").GetString() == Fixtures.CrocodileTitle)
            .GetProperty("id").GetInt32();
        var places = new[]
        {
            seed.GetProperty("relatedLinks"),
            await client.GetJsonAsync($"/api/v1/articles/{seedId}/related-links"),
            (await client.GetJsonAsync($"/api/v1/related-links?articleId={seedId}")).GetProperty("items"),
        };
        foreach (var links in places)
        {
            var byTitle = links.EnumerateArray().ToDictionary(l => l.GetProperty("title").GetString()!);
            Assert.Equal(expected, CardOf(byTitle[Fixtures.CrocodileTitle].GetProperty("target")));
            Assert.Equal(JsonValueKind.Null, byTitle[Fixtures.DrinkDriverTitle].GetProperty("target").ValueKind);
        }

        Assert.Equal(expected, CardOf((await client.GetJsonAsync($"/api/v1/related-links/{linkId}")).GetProperty("target")));
        Assert.StartsWith("http://localhost/api/v1/articles/", crocodile.GetProperty("url").GetString(), StringComparison.Ordinal);

        // A backlink is the linking article's card.
        var backlinks = await client.GetJsonAsync($"/api/v1/articles/{crocodile.GetProperty("id").GetInt32()}/backlinks");
        Assert.Contains(Card(seedItem), backlinks.EnumerateArray().Select(CardOf));
    }

    private static readonly string[] CardFields = ["id", "slug", "title", "summary", "leadImage", "url"];

    /// <summary>A card's properties as sent, in order; from a list item, the same properties of it.</summary>
    private static string Card(JsonElement item) => string.Join("\n", CardFields.Select(f => $"{f}={item.GetProperty(f).GetRawText()}"));

    private static string CardOf(JsonElement target)
    {
        Assert.Equal(CardFields, target.EnumerateObject().Select(p => p.Name));
        return Card(target);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task Resolved_splits_the_list_by_whether_the_target_is_in_the_store(string resolved)
    {
        var client = await factory.CreateReadyClientAsync();
        var all = (await client.GetJsonAsync("/api/v1/related-links?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        var want = bool.Parse(resolved);
        var expected = all.Where(l => l.GetProperty("targetArticleId").ValueKind != JsonValueKind.Null == want)
            .Select(l => l.GetProperty("id").GetInt32()).ToList();

        var page = await client.GetJsonAsync($"/api/v1/related-links?resolved={resolved}&pageSize=100");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, page.Ids());
        Assert.Equal(expected.Count, page.GetProperty("totalItems").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), l =>
            Assert.Equal(want, l.GetProperty("targetSlug").ValueKind == JsonValueKind.String));
    }

    [Fact]
    public async Task ArticleId_filters_to_that_articles_teasers_in_body_order()
    {
        var client = await factory.CreateReadyClientAsync();
        var seed = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        var seedId = seed.GetProperty("id").GetInt32();

        var page = await client.GetJsonAsync($"/api/v1/related-links?articleId={seedId}");
        var unresolved = await client.GetJsonAsync($"/api/v1/related-links?articleId={seedId}&resolved=false");

        Assert.Equal(seed.GetProperty("relatedLinks").EnumerateArray().Select(l => l.GetProperty("id").GetInt32()), page.Ids());
        Assert.Equal(new[] { 1, 2 }, page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("position").GetInt32()));
        Assert.Equal(Fixtures.DrinkDriverTitle, Assert.Single(unresolved.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task One_related_link_matches_its_entry_in_the_list()
    {
        var client = await factory.CreateReadyClientAsync();
        var page = await client.GetJsonAsync("/api/v1/related-links?pageSize=100");

        foreach (var listed in page.GetProperty("items").EnumerateArray())
        {
            var link = await client.GetJsonAsync($"/api/v1/related-links/{listed.GetProperty("id").GetInt32()}");

            Assert.Equal(listed.GetRawText(), link.GetRawText());
        }
    }

    [Fact]
    public async Task Cursor_paging_visits_every_link_once()
    {
        var client = await factory.CreateReadyClientAsync();
        var all = (await client.GetJsonAsync("/api/v1/related-links?pageSize=100")).Ids();

        var seen = new List<int>();
        var url = "/api/v1/related-links?pageSize=2";
        while (url is not null)
        {
            var page = await client.GetJsonAsync(url);
            seen.AddRange(page.Ids());
            var cursor = page.GetProperty("nextCursor").GetString();
            url = cursor is null ? null : $"/api/v1/related-links?pageSize=2&after={Uri.EscapeDataString(cursor)}";
            Assert.True(seen.Count <= all.Count);
        }

        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task An_unknown_related_link_is_a_404_problem()
    {
        var client = await factory.CreateReadyClientAsync();

        var problem = await (await client.GetAsync("/api/v1/related-links/999999")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Related link not found", problem.GetProperty("title").GetString());
    }
}
