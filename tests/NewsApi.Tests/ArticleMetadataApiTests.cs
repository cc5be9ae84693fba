using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data.Import;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>byline, publishedAt, dateline, sourceUrl and firstSeenAt on articles and list items.</summary>
public sealed class ArticleMetadataApiTests
{
    internal static readonly (string File, string Text)[] Dated =
    [
        ("200_meta_ferry.txt", """
            Harbour ferry returns after winter repairs
            https://example.org/news/ferry-returns

            By Maren Oakley

            14:05 GMT, 14 March 2024

            RIVERTON (AP) — The blue ferry is back in service after three months in dry dock.

            By the end of the first morning, 400 passengers had crossed.
            """),
        ("201_meta_allotment.txt", """
            Allotment waiting list tops a thousand

            Updated June 03, 2021.

            The town council says it has never had so many names on the list.
            """),
        ("202_meta_bridge.txt", """
            Bridge inspection finds no structural damage

            2022-10-05T09:30:00+01:00

            Inspectors said the old river bridge is sound.
            """),
    ];

    internal static async Task<HttpClient> ClientWithDatedArticlesAsync(NewsApiFactory factory)
    {
        var client = await factory.CreateReadyClientAsync();
        foreach (var (file, text) in Dated)
        {
            File.WriteAllText(Path.Combine(factory.SourceDirectory, file), text, new UTF8Encoding(false));
        }

        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ArticleImporter>().ImportAsync(factory.SourceDirectory);
        return client;
    }

    [Fact]
    public async Task The_article_and_its_list_item_carry_the_header_metadata_and_the_summary_is_the_first_real_paragraph()
    {
        using var factory = new NewsApiFactory();
        var client = await ClientWithDatedArticlesAsync(factory);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/articles?pageSize=100");
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("title").GetString() == "Harbour ferry returns after winter repairs");
        var article = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{item.GetProperty("id").GetInt32()}");

        foreach (var a in new[] { item, article })
        {
            Assert.Equal("Maren Oakley", a.GetProperty("byline").GetString());
            Assert.Equal("2024-03-14T14:05:00.000Z", a.GetProperty("publishedAt").GetString());
            Assert.Equal("RIVERTON (AP)", a.GetProperty("dateline").GetString());
            Assert.Equal("https://example.org/news/ferry-returns", a.GetProperty("sourceUrl").GetString());
            Assert.Equal("The blue ferry is back in service after three months in dry dock.", a.GetProperty("summary").GetString());
            Assert.True(a.GetProperty("firstSeenAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        }

        var seed = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("title").GetString() == Fixtures.SeedTitle);
        Assert.True(!seed.TryGetProperty("byline", out var none) || none.ValueKind == JsonValueKind.Null);
        Assert.True(!seed.TryGetProperty("publishedAt", out var noDate) || noDate.ValueKind == JsonValueKind.Null);
        Assert.Equal(seed.GetProperty("firstSeenAt").GetDateTimeOffset(), (await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{seed.GetProperty("id").GetInt32()}")).GetProperty("firstSeenAt").GetDateTimeOffset());
    }

    private const string Ferry = "Harbour ferry returns after winter repairs";
    private const string Allotment = "Allotment waiting list tops a thousand";
    private const string Bridge = "Bridge inspection finds no structural damage";

    // Follows nextCursor page by page, so the keyset seek is exercised across dated and undated articles.
    private static async Task<List<(int Id, string Title, string? PublishedAt)>> WalkAsync(HttpClient client, string query)
    {
        var all = new List<(int, string, string?)>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/articles?pageSize=2&" + query + (cursor is null ? string.Empty : "&after=" + Uri.EscapeDataString(cursor));
            var page = await client.GetFromJsonAsync<JsonElement>(url);
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetInt32(), i.GetProperty("title").GetString()!,
                i.GetProperty("publishedAt").ValueKind == JsonValueKind.Null ? null : i.GetProperty("publishedAt").GetString())));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && all.Count < 200);
        return all;
    }

    [Fact]
    public async Task Sort_by_publishedAt_pages_by_cursor_with_undated_articles_last_in_both_directions()
    {
        using var factory = new NewsApiFactory();
        var client = await ClientWithDatedArticlesAsync(factory);
        var total = (await client.GetFromJsonAsync<JsonElement>("/api/v1/articles")).GetProperty("totalItems").GetInt32();

        var newest = await WalkAsync(client, "sort=-publishedAt");
        var oldest = await WalkAsync(client, "sort=publishedAt");

        Assert.Equal([Ferry, Bridge, Allotment], newest.Take(3).Select(a => a.Title));
        Assert.Equal([Allotment, Bridge, Ferry], oldest.Take(3).Select(a => a.Title));
        Assert.Equal(total, newest.Count);
        Assert.Equal(total, oldest.Count);
        Assert.All(newest.Skip(3).Concat(oldest.Skip(3)), a => Assert.Null(a.PublishedAt));
        Assert.Equal(newest.Skip(3).Select(a => a.Id).OrderDescending(), newest.Skip(3).Select(a => a.Id));
        Assert.Equal(oldest.Skip(3).Select(a => a.Id).Order(), oldest.Skip(3).Select(a => a.Id));
    }

    [Fact]
    public async Task PublishedAfter_and_publishedBefore_filter_the_list_and_the_search()
    {
        using var factory = new NewsApiFactory();
        var client = await ClientWithDatedArticlesAsync(factory);

        var list = await WalkAsync(client, "publishedAfter=2022-01-01&publishedBefore=2024-03-14T14:05:00Z&sort=-publishedAt");
        Assert.Equal([Bridge], list.Select(a => a.Title));
        Assert.Equal([Ferry, Bridge], (await WalkAsync(client, "publishedAfter=2022-10-05T09:30:00%2B01:00&sort=-publishedAt")).Select(a => a.Title));

        var search = await WalkAsync(client, "q=inspectors%20OR%20ferry%20OR%20council&publishedBefore=2023-01-01&sort=-publishedAt");
        Assert.Equal([Bridge, Allotment], search.Select(a => a.Title));
        var searchAll = await WalkAsync(client, "q=inspectors%20OR%20ferry%20OR%20council&sort=publishedAt");
        Assert.Equal([Allotment, Bridge, Ferry], searchAll.Take(3).Select(a => a.Title));
    }

    [Theory]
    [InlineData("publishedAfter=yesterday", "publishedAfter")]
    [InlineData("publishedBefore=2024-13-01", "publishedBefore")]
    [InlineData("publishedAfter=2024-01-01&q=ferry", "publishedAfter")]
    public async Task A_bad_published_bound_is_a_400_problem(string query, string parameter)
    {
        using var factory = new NewsApiFactory();
        var client = await factory.CreateReadyClientAsync();
        using var response = await client.GetAsync("/api/v1/articles?" + query.Replace("2024-01-01", "2024-01-01T25:00", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(parameter, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
