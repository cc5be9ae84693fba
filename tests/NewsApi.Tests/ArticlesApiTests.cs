using System.Globalization;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The article list (filters, sorts, pages, cursors) and the per-article routes.</summary>
public sealed class ArticlesApiTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    public static TheoryData<string> Sorts => new() { "id", "-id", "title", "-title", "updatedAt", "-updatedAt" };

    [Fact]
    public async Task The_list_holds_every_good_fixture_once_and_none_of_the_bad_ones()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync("/api/v1/articles");
        var page = await response.JsonAsync();

        var titles = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
        Assert.Equal(Fixtures.Good.Count, page.GetProperty("totalItems").GetInt32());
        Assert.Equal(Fixtures.Good.Count.ToString(CultureInfo.InvariantCulture), response.Header("X-Total-Count"));
        Assert.Equal(titles.Count, titles.Distinct().Count());
        Assert.Contains(Fixtures.SeedTitle, titles);
        Assert.Contains(Fixtures.CrocodileTitle, titles);
        Assert.Equal(20, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task An_article_is_the_same_by_id_and_by_slug()
    {
        var client = await factory.CreateReadyClientAsync();
        var bySlug = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}");
        var id = bySlug.GetProperty("id").GetInt32();

        var byId = await client.GetJsonAsync($"/api/v1/articles/{id}");

        Assert.Equal(bySlug.GetRawText(), byId.GetRawText());
        Assert.Equal(Fixtures.SeedSlug, byId.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Every_listed_article_opens_by_its_slug_with_the_listed_summary()
    {
        var client = await factory.CreateReadyClientAsync();

        foreach (var listed in await client.AllArticlesAsync())
        {
            var article = await client.ArticleBySlugAsync(listed.GetProperty("slug").GetString()!);

            Assert.Equal(listed.GetProperty("id").GetInt32(), article.GetProperty("id").GetInt32());
            Assert.Equal(listed.GetProperty("title").GetString(), article.GetProperty("title").GetString());
            Assert.Equal(listed.GetProperty("summary").GetString(), article.GetProperty("summary").GetString());
            Assert.Equal(listed.GetProperty("imageCount").GetInt32(), article.GetProperty("images").GetArrayLength());
            Assert.Equal(listed.GetProperty("relatedLinkCount").GetInt32(), article.GetProperty("relatedLinks").GetArrayLength());
        }
    }

    [Fact]
    public async Task Images_and_related_links_of_an_article_match_the_article_by_id_and_by_slug()
    {
        var client = await factory.CreateReadyClientAsync();
        var article = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        var id = article.GetProperty("id").GetInt32();

        foreach (var key in new[] { id.ToString(CultureInfo.InvariantCulture), Fixtures.SeedSlug })
        {
            var images = await client.GetJsonAsync($"/api/v1/articles/{key}/images");
            var links = await client.GetJsonAsync($"/api/v1/articles/{key}/related-links");

            Assert.Equal(article.GetProperty("images").GetRawText(), images.GetRawText());
            Assert.Equal(article.GetProperty("relatedLinks").GetRawText(), links.GetRawText());
        }
    }

    [Fact]
    public async Task An_article_without_images_or_links_has_empty_arrays()
    {
        var client = await factory.CreateReadyClientAsync();
        var listed = (await client.AllArticlesAsync()).First(a => a.GetProperty("title").GetString() == "Parliament debates budget for the coming year");
        var slug = listed.GetProperty("slug").GetString();

        var images = await client.GetJsonAsync($"/api/v1/articles/{slug}/images");
        var links = await client.GetJsonAsync($"/api/v1/articles/{slug}/related-links");
        var backlinks = await client.GetJsonAsync($"/api/v1/articles/{slug}/backlinks");

        Assert.Equal(JsonValueKind.Array, images.ValueKind);
        Assert.Equal(0, images.GetArrayLength());
        Assert.Equal(0, links.GetArrayLength());
        Assert.Equal(0, backlinks.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("leadImage").ValueKind);
    }

    [Fact]
    public async Task Backlinks_name_the_articles_whose_teasers_resolve_here()
    {
        var client = await factory.CreateReadyClientAsync();
        var seedId = await client.ArticleIdByTitleAsync(Fixtures.SeedTitle);
        var crocodileId = await client.ArticleIdByTitleAsync(Fixtures.CrocodileTitle);

        var ofSeed = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}/backlinks");
        var ofCrocodile = await client.GetJsonAsync($"/api/v1/articles/{crocodileId}/backlinks");

        var fromCrocodile = Assert.Single(ofSeed.EnumerateArray(), b => b.GetProperty("id").GetInt32() == crocodileId);
        Assert.Equal(Fixtures.CrocodileTitle, fromCrocodile.GetProperty("title").GetString());
        var fromSeed = Assert.Single(ofCrocodile.EnumerateArray(), b => b.GetProperty("id").GetInt32() == seedId);
        Assert.Equal(Fixtures.SeedSlug, fromSeed.GetProperty("slug").GetString());

        // The oracle: every resolved link in the store, grouped by its target.
        var links = await client.GetJsonAsync("/api/v1/related-links?resolved=true&pageSize=100");
        var expected = links.GetProperty("items").EnumerateArray()
            .Where(l => l.GetProperty("targetArticleId").GetInt32() == seedId)
            .Select(l => l.GetProperty("article").GetProperty("id").GetInt32()).Distinct().Order();
        Assert.Equal(expected, ofSeed.EnumerateArray().Select(b => b.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task List_items_keep_null_score_and_highlights_and_match_the_lead_image()
    {
        var client = await factory.CreateReadyClientAsync();

        foreach (var item in await client.AllArticlesAsync())
        {
            Assert.Equal(JsonValueKind.Null, item.GetProperty("score").ValueKind);
            Assert.Equal(JsonValueKind.Null, item.GetProperty("highlights").ValueKind);
            var images = await client.GetJsonAsync($"/api/v1/articles/{item.GetProperty("id").GetInt32()}/images");
            var lead = item.GetProperty("leadImage");
            if (images.GetArrayLength() == 0)
            {
                Assert.Equal(JsonValueKind.Null, lead.ValueKind);
            }
            else
            {
                Assert.Equal(images[0].GetProperty("id").GetInt32(), lead.GetProperty("id").GetInt32());
                Assert.Equal(images[0].GetProperty("caption").GetString(), lead.GetProperty("caption").GetString());
            }
        }
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task HasImages_splits_the_list_by_image_count(string hasImages)
    {
        var client = await factory.CreateReadyClientAsync();
        var all = await client.AllArticlesAsync();
        var want = bool.Parse(hasImages);

        var page = await client.GetJsonAsync($"/api/v1/articles?hasImages={hasImages}&pageSize=100");

        var expected = all.Where(a => a.GetProperty("imageCount").GetInt32() > 0 == want).Select(a => a.GetProperty("id").GetInt32()).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, page.Ids());
        Assert.Equal(expected.Count, page.GetProperty("totalItems").GetInt32());
    }

    [Theory]
    [InlineData("REUTERS")]
    [InlineData("reuters")]
    [InlineData("Jason Lee")]
    [InlineData("getty")]
    public async Task Credit_filters_articles_by_an_image_credit_containing_the_text_in_any_case(string credit)
    {
        var client = await factory.CreateReadyClientAsync();
        var images = await client.GetJsonAsync("/api/v1/images?pageSize=100");
        var expected = images.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("credit").GetString()?.Contains(credit, StringComparison.OrdinalIgnoreCase) == true)
            .Select(i => i.GetProperty("article").GetProperty("id").GetInt32()).Distinct().Order().ToList();

        var page = await client.GetJsonAsync($"/api/v1/articles?credit={Uri.EscapeDataString(credit)}&pageSize=100");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, page.Ids());
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("REUTERS%Lee")]
    [InlineData("no such agency")]
    public async Task Credit_is_plain_text_so_like_wildcards_match_nothing(string credit)
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync($"/api/v1/articles?credit={Uri.EscapeDataString(credit)}");
        var page = await response.JsonAsync();

        Assert.Equal(0, page.GetProperty("totalItems").GetInt32());
        Assert.Empty(page.Ids());
        Assert.Equal("0", response.Header("X-Total-Count"));
        Assert.Equal(0, page.GetProperty("totalPages").GetInt32());
    }

    [Fact]
    public async Task Filters_combine()
    {
        var client = await factory.CreateReadyClientAsync();
        var seedId = await client.ArticleIdByTitleAsync(Fixtures.SeedTitle);

        var withImages = await client.GetJsonAsync("/api/v1/articles?hasImages=true&credit=REUTERS");
        var without = await client.GetJsonAsync("/api/v1/articles?hasImages=false&credit=REUTERS");

        Assert.Equal(new[] { seedId }, withImages.Ids());
        Assert.Empty(without.Ids());
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Sort_orders_the_whole_list(string sort)
    {
        var client = await factory.CreateReadyClientAsync();
        var all = await client.AllArticlesAsync();

        var page = await client.GetJsonAsync($"/api/v1/articles?sort={Uri.EscapeDataString(sort)}&pageSize=100");

        Assert.Equal(Expected(all, sort), page.Ids());
    }

    [Fact]
    public async Task Without_sort_the_list_is_in_id_order()
    {
        var client = await factory.CreateReadyClientAsync();

        var page = await client.GetJsonAsync("/api/v1/articles?pageSize=100");

        Assert.Equal(page.Ids().Order(), page.Ids());
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Cursor_paging_reaches_the_end_with_no_duplicate_and_no_gap(string sort)
    {
        var client = await factory.CreateReadyClientAsync();
        var expected = Expected(await client.AllArticlesAsync(), sort);

        foreach (var pageSize in new[] { 1, 2, 3 })
        {
            var seen = new List<int>();
            var url = $"/api/v1/articles?sort={Uri.EscapeDataString(sort)}&pageSize={pageSize}";
            for (var requests = 0; url is not null; requests++)
            {
                Assert.True(requests <= expected.Count, "Cursor paging does not end");
                var response = await client.GetAsync(url);
                var page = await response.JsonAsync();
                Assert.Equal(expected.Count, page.GetProperty("totalItems").GetInt32());
                seen.AddRange(page.Ids());
                var cursor = page.GetProperty("nextCursor").GetString();
                if (requests > 0)
                {
                    Assert.Equal(JsonValueKind.Null, page.GetProperty("page").ValueKind);
                }

                if (cursor is null)
                {
                    Assert.DoesNotContain("next", response.Links().Keys);
                    url = null;
                }
                else
                {
                    Assert.Equal(pageSize, page.Ids().Count);
                    url = $"/api/v1/articles?sort={Uri.EscapeDataString(sort)}&pageSize={pageSize}&after={Uri.EscapeDataString(cursor)}";

                    // On a page reached by cursor, the next link carries the same cursor.
                    if (requests > 0)
                    {
                        Assert.Contains("&after=" + Uri.EscapeDataString(cursor), response.Links()["next"], StringComparison.Ordinal);
                    }
                }
            }

            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task Following_the_next_links_walks_the_pages_in_order()
    {
        var client = await factory.CreateReadyClientAsync();
        var expected = Expected(await client.AllArticlesAsync(), "-title");

        var seen = new List<int>();
        string? url = "/api/v1/articles?sort=-title&pageSize=2";
        while (url is not null)
        {
            var response = await client.GetAsync(url);
            seen.AddRange((await response.JsonAsync()).Ids());
            url = response.Links().GetValueOrDefault("next");
            Assert.True(seen.Count <= expected.Count);
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task The_first_page_links_next_and_last_but_no_prev()
    {
        var client = await factory.CreateReadyClientAsync();
        var ids = (await client.AllArticlesAsync()).Select(a => a.GetProperty("id").GetInt32()).ToList();
        var pages = (ids.Count + 1) / 2;

        var response = await client.GetAsync("/api/v1/articles?pageSize=2&sort=id");
        var page = await response.JsonAsync();
        var links = response.Links();

        Assert.Equal(ids.Take(2), page.Ids());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(pages, page.GetProperty("totalPages").GetInt32());
        Assert.Equal(ids.Count.ToString(CultureInfo.InvariantCulture), response.Header("X-Total-Count"));
        Assert.Equal("/api/v1/articles?pageSize=2&sort=id&page=1", links["first"]);
        Assert.Equal("/api/v1/articles?pageSize=2&sort=id&page=2", links["next"]);
        Assert.Equal($"/api/v1/articles?pageSize=2&sort=id&page={pages}", links["last"]);
        Assert.DoesNotContain("prev", links.Keys);
        Assert.NotNull(page.GetProperty("nextCursor").GetString());
    }

    [Fact]
    public async Task The_last_page_has_the_remainder_and_links_prev_but_no_next()
    {
        var client = await factory.CreateReadyClientAsync();
        var ids = (await client.AllArticlesAsync()).Select(a => a.GetProperty("id").GetInt32()).ToList();
        const int Size = 3;
        var pages = (ids.Count + Size - 1) / Size;

        var response = await client.GetAsync($"/api/v1/articles?pageSize={Size}&page={pages}");
        var page = await response.JsonAsync();
        var links = response.Links();

        Assert.Equal(ids.Skip((pages - 1) * Size), page.Ids());
        Assert.Equal(pages, page.GetProperty("page").GetInt32());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        Assert.DoesNotContain("next", links.Keys);
        Assert.Equal($"/api/v1/articles?pageSize={Size}&page={pages - 1}", links["prev"]);
        Assert.Equal($"/api/v1/articles?pageSize={Size}&page={pages}", links["last"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(1_000_000)]
    public async Task A_page_beyond_the_last_is_empty_with_the_right_totals(int beyond)
    {
        var client = await factory.CreateReadyClientAsync();
        var total = (await client.AllArticlesAsync()).Count;
        var pages = (total + 1) / 2;
        var number = Math.Min(pages + beyond, 1_000_000);

        var response = await client.GetAsync($"/api/v1/articles?pageSize=2&page={number}");
        var page = await response.JsonAsync();
        var links = response.Links();

        Assert.Empty(page.Ids());
        Assert.Equal(total, page.GetProperty("totalItems").GetInt32());
        Assert.Equal(pages, page.GetProperty("totalPages").GetInt32());
        Assert.Equal(number, page.GetProperty("page").GetInt32());
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), response.Header("X-Total-Count"));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        Assert.DoesNotContain("next", links.Keys);
        Assert.Equal($"/api/v1/articles?pageSize=2&page={pages}", links["prev"]);
        Assert.Equal($"/api/v1/articles?pageSize=2&page={pages}", links["last"]);
    }

    [Fact]
    public async Task Page_size_1_gives_one_page_per_article()
    {
        var client = await factory.CreateReadyClientAsync();
        var ids = (await client.AllArticlesAsync()).Select(a => a.GetProperty("id").GetInt32()).ToList();

        var seen = new List<int>();
        for (var n = 1; n <= ids.Count; n++)
        {
            var page = await client.GetJsonAsync($"/api/v1/articles?pageSize=1&page={n}");
            Assert.Equal(ids.Count, page.GetProperty("totalPages").GetInt32());
            seen.Add(Assert.Single(page.Ids()));
        }

        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Page_size_100_gives_everything_on_one_page()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync("/api/v1/articles?pageSize=100");
        var page = await response.JsonAsync();
        var links = response.Links();

        Assert.Equal(Fixtures.Good.Count, page.Ids().Count);
        Assert.Equal(1, page.GetProperty("totalPages").GetInt32());
        Assert.Equal(100, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        Assert.Equal(links["first"], links["last"]);
        Assert.DoesNotContain("next", links.Keys);
        Assert.DoesNotContain("prev", links.Keys);
    }

    [Fact]
    public async Task Links_keep_the_filters_and_sort_of_the_request()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync("/api/v1/articles?hasImages=false&sort=-title&pageSize=1&page=2");
        await response.JsonAsync();
        var links = response.Links();

        Assert.Equal(new[] { "first", "prev", "next", "last" }, links.Keys);
        foreach (var link in links.Values)
        {
            // Parameters come back in a fixed (alphabetical) order, with the page last.
            Assert.StartsWith("/api/v1/articles?hasImages=false&pageSize=1&sort=-title&page=", link, StringComparison.Ordinal);
        }
    }

    internal static List<int> Expected(IEnumerable<JsonElement> all, string sort)
    {
        var rows = all.Select(a => (Id: a.GetProperty("id").GetInt32(), Title: a.GetProperty("title").GetString()!,
            UpdatedAt: DateTimeOffset.Parse(a.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture))).ToList();
        var ordered = sort switch
        {
            "id" => rows.OrderBy(r => r.Id),
            "-id" => rows.OrderByDescending(r => r.Id),
            "title" => rows.OrderBy(r => r.Title, StringComparer.Ordinal).ThenBy(r => r.Id),
            "-title" => rows.OrderByDescending(r => r.Title, StringComparer.Ordinal).ThenByDescending(r => r.Id),
            "updatedAt" => rows.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id),
            "-updatedAt" => rows.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(sort)),
        };
        return ordered.Select(r => r.Id).ToList();
    }
}
