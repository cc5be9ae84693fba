using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>Headline suggestions for a search box.</summary>
public sealed class SuggestApiTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Theory]
    [InlineData("nor")]
    [InlineData("NORTH korean")]
    [InlineData("North Korean officials head")]
    public async Task Suggest_completes_a_headline_prefix_in_any_case(string prefix)
    {
        var client = await factory.CreateReadyClientAsync();

        var suggestions = await client.GetJsonAsync($"/api/v1/search/suggest?prefix={Uri.EscapeDataString(prefix)}");

        var first = suggestions[0];
        Assert.Equal(Fixtures.SeedTitle, first.GetProperty("title").GetString());
        Assert.Equal(Fixtures.SeedSlug, first.GetProperty("slug").GetString());
        Assert.All(suggestions.EnumerateArray(), s => Assert.Contains(
            prefix.Split(' ')[^1], s.GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Suggest_also_completes_a_later_headline_word()
    {
        var client = await factory.CreateReadyClientAsync();
        var crocodileId = await client.ArticleIdByTitleAsync(Fixtures.CrocodileTitle);

        var suggestions = await client.GetJsonAsync("/api/v1/search/suggest?prefix=crocod");

        Assert.Contains(suggestions.EnumerateArray(), s => s.GetProperty("id").GetInt32() == crocodileId);
        Assert.True(suggestions.GetArrayLength() <= 10);
    }

    [Theory]
    [InlineData("zzzzqqq")]
    [InlineData("%")]
    [InlineData("_orth")]
    public async Task Suggest_finds_nothing_for_text_no_headline_has(string prefix)
    {
        var client = await factory.CreateReadyClientAsync();

        var suggestions = await client.GetJsonAsync($"/api/v1/search/suggest?prefix={Uri.EscapeDataString(prefix)}");

        Assert.Equal(JsonValueKind.Array, suggestions.ValueKind);
        Assert.Equal(0, suggestions.GetArrayLength());
    }
}
