using System.Net;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// One URL per article: an id with leading zeros or a slug in other case is a permanent redirect (308, query string
/// kept) to the canonical URL, on the article and its sub-resources, on both read paths (stored rendition and MVC).
/// </summary>
public abstract class CanonicalUrlTests(NewsApiFactory factory)
{
    /// <summary>Puts the store in the state the read path under test needs.</summary>
    protected abstract Task PrepareAsync();

    private async Task<(HttpClient Client, int Id)> SeedAsync()
    {
        var client = await factory.CreateReadyClientAsync();
        await PrepareAsync();
        return (client, (await client.ArticleBySlugAsync(Fixtures.SeedSlug)).GetProperty("id").GetInt32());
    }

    public static TheoryData<string> SubPaths => new() { string.Empty, "/images", "/related-links", "/backlinks" };

    [Theory]
    [MemberData(nameof(SubPaths))]
    public async Task A_non_canonical_id_or_slug_redirects_permanently_to_the_canonical_url(string sub)
    {
        var (client, id) = await SeedAsync();
        var upper = Fixtures.SeedSlug.ToUpperInvariant();
        var mixed = "North-Korean" + Fixtures.SeedSlug["north-korean".Length..];
        var cases = new[]
        {
            ($"0{id}", $"{id}"),
            ($"000{id}", $"{id}"),
            (upper, Fixtures.SeedSlug),
            (mixed, Fixtures.SeedSlug),
        };

        foreach (var (given, canonical) in cases)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
            {
                var response = await client.SendAsync(new HttpRequestMessage(method, $"/api/v1/articles/{given}{sub}"));

                Assert.True(response.StatusCode == HttpStatusCode.PermanentRedirect, $"{method} {given}{sub} got {(int)response.StatusCode}");
                Assert.Equal($"/api/v1/articles/{canonical}{sub}", response.Headers.Location?.OriginalString);
            }

            var followed = await client.GetAsync($"/api/v1/articles/{given}{sub}");
            var direct = await client.GetAsync($"/api/v1/articles/{canonical}{sub}");
            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            Assert.Equal(await direct.Content.ReadAsStringAsync(), await (await client.GetAsync(followed.Headers.Location)).Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [MemberData(nameof(SubPaths))]
    public async Task The_redirect_keeps_the_query_string(string sub)
    {
        var (client, id) = await SeedAsync();

        var byId = await client.GetAsync($"/api/v1/articles/0{id}{sub}?_=1700000000000");
        var bySlug = await client.GetAsync($"/api/v1/articles/{Fixtures.SeedSlug.ToUpperInvariant()}{sub}?_=1");

        Assert.Equal(HttpStatusCode.PermanentRedirect, byId.StatusCode);
        Assert.Equal($"/api/v1/articles/{id}{sub}?_=1700000000000", byId.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.PermanentRedirect, bySlug.StatusCode);
        Assert.Equal($"/api/v1/articles/{Fixtures.SeedSlug}{sub}?_=1", bySlug.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(SubPaths))]
    public async Task A_canonical_id_or_slug_answers_directly(string sub)
    {
        var (client, id) = await SeedAsync();

        var byId = await client.GetAsync($"/api/v1/articles/{id}{sub}");
        var bySlug = await client.GetAsync($"/api/v1/articles/{Fixtures.SeedSlug}{sub}");

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySlug.StatusCode);
        Assert.Equal(await byId.Content.ReadAsStringAsync(), await bySlug.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(SubPaths))]
    public async Task An_unknown_id_or_slug_in_any_spelling_stays_a_404_problem(string sub)
    {
        var (client, id) = await SeedAsync();

        foreach (var given in new[] { "0999999", "No-Such-Article", "NO-SUCH-ARTICLE", $"+{id}", $"{id}.0", "0", "00" })
        {
            var response = await client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(given)}{sub}");

            var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
            Assert.Contains(given, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}

public sealed class RenditionCanonicalUrlTests(RenditionNewsApiFactory factory) : CanonicalUrlTests(factory), IClassFixture<RenditionNewsApiFactory>
{
    protected override async Task PrepareAsync() => Assert.True(await factory.RenderAllAsync() >= 0);
}

public sealed class MvcCanonicalUrlTests(MvcOnlyNewsApiFactory factory) : CanonicalUrlTests(factory), IClassFixture<MvcOnlyNewsApiFactory>
{
    protected override Task PrepareAsync() => Task.CompletedTask;
}

public sealed class DevelopmentCanonicalUrlTests(DevelopmentNewsApiFactory factory) : CanonicalUrlTests(factory), IClassFixture<DevelopmentNewsApiFactory>
{
    protected override Task PrepareAsync() => Task.CompletedTask;
}
