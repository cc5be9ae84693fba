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
}
