using NewsApi.Tests.Feeds;

namespace NewsApi.Tests;

/// <summary>
/// HEAD where no stored rendition answers (no public base URL, the README's default run, and PostgreSQL): MVC and the
/// output cache answer it, and it must still carry the GET's length and ETag, before and after the GET is cached.
/// </summary>
public sealed class HeadWithoutRenditionsTests(RequestUrlNewsApiFactory factory) : IClassFixture<RequestUrlNewsApiFactory>
{
    [Theory]
    [InlineData("/api/v1/articles/1")]
    [InlineData("/api/v1/articles/1?fields=id,title")]
    [InlineData("/api/v1/articles?pageSize=2")]
    [InlineData("/api/v1/articles?fields=id")]
    public async Task Head_before_and_after_the_get_has_the_gets_length_and_etag(string url)
    {
        var client = await factory.CreateReadyClientAsync();

        using var first = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        using var get = await client.GetAsync(url);
        var body = await get.Content.ReadAsByteArrayAsync();
        using var second = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        foreach (var head in new[] { first, second })
        {
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(body.Length, head.Content.Headers.ContentLength);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }
}
