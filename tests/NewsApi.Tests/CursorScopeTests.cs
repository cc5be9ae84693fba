using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// A cursor continues only the list, sort and filters it was issued for: sent with anything else it is a 400 that
/// says so, instead of a page of some other ordering. Run in Production and in Development.
/// </summary>
public abstract class CursorScopeTests(NewsApiFactory factory)
{
    private async Task<string> CursorAsync(HttpClient client, string url)
    {
        var page = await client.GetJsonAsync(url);
        return page.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException($"{url} has no next page");
    }

    private static async Task<string> AfterErrorAsync(HttpResponseMessage response)
    {
        var problem = await response.ValidationProblemAsync("after");
        return string.Join(' ', problem.GetProperty("errors").GetProperty("after").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData("sort=title", "sort=-title", "sort")]
    [InlineData("sort=title", "sort=updatedAt", "sort")]
    [InlineData("sort=-updatedAt", "sort=updatedAt", "sort")]
    [InlineData("sort=id", "sort=-id", "sort")]
    [InlineData("sort=title", "sort=title&hasImages=false", "filters")]
    [InlineData("sort=title&hasImages=false", "sort=title&hasImages=true", "filters")]
    [InlineData("sort=title&hasImages=false", "sort=title", "filters")]
    [InlineData("sort=id", "sort=id&credit=getty", "filters")]
    [InlineData("q=the", "q=the&sort=id", "sort")]
    [InlineData("q=the", "q=harbour", "filters")]
    [InlineData("q=the&sort=title", "sort=title", "filters")]
    [InlineData("sort=title", "sort=title&q=the", "filters")]
    public async Task A_cursor_used_with_another_sort_or_other_filters_is_a_400_saying_so(string issuedFor, string usedWith, string says)
    {
        var client = await factory.CreateReadyClientAsync();
        var cursor = await CursorAsync(client, $"/api/v1/articles?pageSize=1&{issuedFor}");

        var response = await client.GetAsync($"/api/v1/articles?pageSize=1&{usedWith}&after={Uri.EscapeDataString(cursor)}");

        var message = await AfterErrorAsync(response);
        Assert.Contains(says == "sort" ? "was issued for sort=" : "was issued for different filters", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/articles?pageSize=1", "/api/v1/articles?pageSize=2&sort=id")]
    [InlineData("/api/v1/articles?pageSize=1&q=the", "/api/v1/articles?pageSize=3&q=the")]
    [InlineData("/api/v1/articles?pageSize=1&sort=updatedAt&hasImages=false", "/api/v1/articles?hasImages=false&pageSize=2&sort=updatedAt")]
    [InlineData("/api/v1/images?pageSize=1", "/api/v1/images?pageSize=2")]
    [InlineData("/api/v1/related-links?pageSize=1&resolved=true", "/api/v1/related-links?resolved=true")]
    public async Task A_cursor_continues_with_the_same_sort_and_filters_whatever_the_page_size(string issuedBy, string usedWith)
    {
        var client = await factory.CreateReadyClientAsync();
        var first = await client.GetJsonAsync(issuedBy);
        var cursor = first.GetProperty("nextCursor").GetString()!;

        var next = await client.GetJsonAsync($"{usedWith}&after={Uri.EscapeDataString(cursor)}");

        Assert.DoesNotContain(first.Ids()[0], next.Ids());
        Assert.NotEmpty(next.Ids());
    }

    [Theory]
    [InlineData("/api/v1/images?pageSize=1", "/api/v1/images?pageSize=1&articleId=1")]
    [InlineData("/api/v1/images?pageSize=1", "/api/v1/images?pageSize=1&q=getty")]
    [InlineData("/api/v1/images?pageSize=1", "/api/v1/related-links?pageSize=1")]
    [InlineData("/api/v1/related-links?pageSize=1", "/api/v1/related-links?pageSize=1&resolved=false")]
    [InlineData("/api/v1/articles?pageSize=1", "/api/v1/images?pageSize=1")]
    public async Task A_cursor_of_one_list_or_filter_set_is_refused_by_another(string issuedBy, string usedWith)
    {
        var client = await factory.CreateReadyClientAsync();
        var cursor = await CursorAsync(client, issuedBy);

        var response = await client.GetAsync($"{usedWith}&after={Uri.EscapeDataString(cursor)}");

        Assert.Contains("was issued for different filters", await AfterErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_documented_example_cursor_is_one_the_article_list_accepts()
    {
        var client = await factory.CreateReadyClientAsync();
        var document = await client.GetJsonAsync("/swagger/v1/swagger.json");
        var after = document.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "after");
        var example = after.GetProperty("examples").GetProperty("nextPage").GetProperty("value").GetString()!;

        var page = await client.GetJsonAsync($"/api/v1/articles?after={Uri.EscapeDataString(example)}");

        Assert.All(page.Ids(), id => Assert.True(id > 20));
    }

    [Fact]
    public async Task An_edited_cursor_is_refused_as_not_issued()
    {
        var client = await factory.CreateReadyClientAsync();
        var cursor = await CursorAsync(client, "/api/v1/articles?pageSize=1&sort=title");
        var bytes = Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '='));

        // The id is the cursor's first character: point it at another article.
        bytes[0] = (byte)(bytes[0] == (byte)'9' ? '8' : bytes[0] + 1);
        var edited = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var response = await client.GetAsync($"/api/v1/articles?pageSize=1&sort=title&after={Uri.EscapeDataString(edited)}");

        Assert.NotEqual(cursor, edited);
        Assert.Contains("not one this API issued", await AfterErrorAsync(response), StringComparison.Ordinal);
    }
}

public sealed class ProductionCursorScopeTests(NewsApiFactory factory) : CursorScopeTests(factory), IClassFixture<NewsApiFactory>;

public sealed class DevelopmentCursorScopeTests(DevelopmentNewsApiFactory factory) : CursorScopeTests(factory), IClassFixture<DevelopmentNewsApiFactory>;
