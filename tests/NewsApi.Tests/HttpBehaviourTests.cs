using System.IO.Compression;
using System.Net;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>Conditional GET, HEAD, CORS, request ids and compression: what HTTP clients and caches rely on.</summary>
public sealed class HttpBehaviourTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    /// <summary>Every GET route; <c>{seed}</c>, <c>{image}</c> and <c>{link}</c> are filled in from the store.</summary>
    public static TheoryData<string> GetRoutes => new()
    {
        "/api/v1/articles",
        "/api/v1/articles?pageSize=2&page=2",
        "/api/v1/articles/{seed}",
        "/api/v1/articles/" + Fixtures.SeedSlug,
        "/api/v1/articles/{seed}/images",
        "/api/v1/articles/{seed}/related-links",
        "/api/v1/articles/{seed}/backlinks",
        "/api/v1/images",
        "/api/v1/images/{image}",
        "/api/v1/related-links",
        "/api/v1/related-links/{link}",
        "/api/v1/imports/latest",
        "/api/v1/search/suggest?prefix=north",
        "/health/live",
        "/health/ready",
        "/api/v1/articles/no-such-article",
        "/api/v1/articles?page=0",
    };

    [Theory]
    [MemberData(nameof(GetRoutes))]
    public async Task Head_answers_like_get_without_a_body(string route)
    {
        var client = await factory.CreateReadyClientAsync();
        var url = await ResolveAsync(client, route);

        var get = await client.GetAsync(url);
        var getBody = await get.Content.ReadAsByteArrayAsync();
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        var headBody = await head.Content.ReadAsByteArrayAsync();

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(headBody);
        Assert.NotEmpty(getBody);
        Assert.Equal(getBody.Length, head.Content.Headers.ContentLength);
        foreach (var name in new[] { "Content-Type", "ETag", "Cache-Control", "Last-Modified", "X-Total-Count", "Link" })
        {
            Assert.Equal(get.Header(name), head.Header(name));
        }
    }

    [Fact]
    public async Task Head_on_the_root_redirects_like_get()
    {
        var client = await factory.CreateReadyClientAsync();

        using var get = await client.GetAsync("/");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Headers.Location, head.Headers.Location);
    }

    [Fact]
    public async Task An_article_has_a_strong_etag_last_modified_and_public_caching()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync($"/api/v1/articles/{Fixtures.SeedSlug}");
        var article = await response.JsonAsync();

        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Matches("^\"[^\"]+\"$", etag.Tag);
        var cache = response.Headers.CacheControl;
        Assert.NotNull(cache);
        Assert.True(cache.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), cache.MaxAge);
        var updatedAt = DateTimeOffset.Parse(article.GetProperty("updatedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(updatedAt.AddTicks(-(updatedAt.UtcTicks % TimeSpan.TicksPerSecond)), response.Content.Headers.LastModified);
    }

    [Fact]
    public async Task Different_representations_have_different_etags_and_the_same_one_keeps_its_etag()
    {
        var client = await factory.CreateReadyClientAsync();

        var a = await client.GetAsync("/api/v1/articles?pageSize=1&page=1");
        var b = await client.GetAsync("/api/v1/articles?pageSize=1&page=2");
        var again = await client.GetAsync("/api/v1/articles?pageSize=1&page=1");

        Assert.NotEqual(a.Headers.ETag, b.Headers.ETag);
        Assert.Equal(a.Headers.ETag, again.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/v1/articles/{seed}")]
    [InlineData("/api/v1/articles?pageSize=2")]
    [InlineData("/api/v1/images/{image}")]
    [InlineData("/api/v1/related-links")]
    public async Task A_matching_if_none_match_gets_304_without_a_body(string route)
    {
        var client = await factory.CreateReadyClientAsync();
        var url = await ResolveAsync(client, route);
        var first = await client.GetAsync(url);
        var etag = first.Headers.ETag!.Tag;

        var same = await SendAsync(client, HttpMethod.Get, url, ("If-None-Match", etag));
        var weak = await SendAsync(client, HttpMethod.Get, url, ("If-None-Match", "W/" + etag));
        var listed = await SendAsync(client, HttpMethod.Get, url, ("If-None-Match", "\"something-else\", " + etag));
        var any = await SendAsync(client, HttpMethod.Get, url, ("If-None-Match", "*"));
        var other = await SendAsync(client, HttpMethod.Get, url, ("If-None-Match", "\"something-else\""));

        foreach (var response in new[] { same, weak, listed, any })
        {
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, response.Headers.ETag?.Tag);
            Assert.True(response.Headers.CacheControl?.Public);
        }

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await other.Content.ReadAsStringAsync());
        Assert.Equal(etag, other.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Errors_are_not_cached_or_tagged()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync("/api/v1/articles/no-such-article");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.NotEqual(true, response.Headers.CacheControl?.Public);
    }

    [Fact]
    public async Task A_cross_origin_get_is_allowed_and_exposes_the_paging_and_caching_headers()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await SendAsync(client, HttpMethod.Get, "/api/v1/articles?pageSize=2", ("Origin", "https://reader.example"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Header("Access-Control-Allow-Origin"));
        var exposed = response.Header("Access-Control-Expose-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("X-Total-Count", exposed, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Link", exposed, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("ETag", exposed, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_cross_origin_error_is_readable_too()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await SendAsync(client, HttpMethod.Get, "/api/v1/articles/no-such-article", ("Origin", "https://reader.example"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("*", response.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_preflight_allows_get_with_if_none_match()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await SendAsync(client, HttpMethod.Options, "/api/v1/articles",
            ("Origin", "https://reader.example"), ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "if-none-match"));

        Assert.True(response.IsSuccessStatusCode, $"Preflight got {(int)response.StatusCode}");
        Assert.Equal("*", response.Header("Access-Control-Allow-Origin"));
        Assert.Contains("GET", response.Header("Access-Control-Allow-Methods")!.Split(','));
        Assert.Contains("If-None-Match", response.Header("Access-Control-Allow-Headers")!.Split(','), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_given_request_id_is_echoed_and_used_as_the_trace_id()
    {
        var client = await factory.CreateReadyClientAsync();

        var ok = await SendAsync(client, HttpMethod.Get, "/api/v1/articles", ("X-Request-Id", "client-req-42"));
        var notFound = await SendAsync(client, HttpMethod.Get, "/api/v1/articles/no-such-article", ("X-Request-Id", "client-req-43"));
        var problem = await notFound.ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("client-req-42", ok.Header("X-Request-Id"));
        Assert.Equal("client-req-43", notFound.Header("X-Request-Id"));
        Assert.Equal("client-req-43", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task A_request_id_is_generated_when_none_or_an_unsafe_one_is_given()
    {
        var client = await factory.CreateReadyClientAsync();

        var first = await client.GetAsync("/api/v1/articles");
        var second = await client.GetAsync("/api/v1/articles");
        var unsafeId = await SendAsync(client, HttpMethod.Get, "/api/v1/articles", ("X-Request-Id", "<script>alert(1)</script>"));
        var tooLong = await SendAsync(client, HttpMethod.Get, "/api/v1/articles", ("X-Request-Id", new string('a', 500)));

        var ids = new[] { first, second, unsafeId, tooLong }.Select(r => r.Header("X-Request-Id")).ToList();
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9-]{8,128}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Compressed_responses_carry_content_encoding_and_decode_to_the_same_json(string encoding)
    {
        var client = await factory.CreateReadyClientAsync();
        var url = $"/api/v1/articles/{Fixtures.SeedSlug}";
        var plain = await client.GetAsync(url);

        var compressed = await SendAsync(client, HttpMethod.Get, url, ("Accept-Encoding", encoding));

        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(new[] { encoding }, compressed.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary, StringComparer.OrdinalIgnoreCase);
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        var text = await reader.ReadToEndAsync();
        Assert.Equal(await plain.Content.ReadAsStringAsync(), text);
        Assert.True(bytes.Length < plain.Content.Headers.ContentLength, "Compression made the body no smaller");
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_compressed_response_has_a_strong_etag_that_revalidates_to_an_empty_304(string encoding)
    {
        var client = await factory.CreateReadyClientAsync();
        var url = $"/api/v1/articles/{Fixtures.SeedSlug}";
        var compressed = await SendAsync(client, HttpMethod.Get, url, ("Accept-Encoding", encoding));
        var etag = compressed.Headers.ETag;

        var revalidated = await SendAsync(client, HttpMethod.Get, url, ("Accept-Encoding", encoding), ("If-None-Match", etag!.Tag));
        var head = await SendAsync(client, HttpMethod.Head, url, ("Accept-Encoding", encoding));

        Assert.Equal(new[] { encoding }, compressed.Content.Headers.ContentEncoding);
        Assert.False(etag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        Assert.Empty(revalidated.Content.Headers.ContentEncoding);
        Assert.Equal(etag, revalidated.Headers.ETag);

        // HEAD does not claim the uncompressed length for a body a GET would send compressed.
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, head.Headers.ETag);
        Assert.NotEqual((await client.GetAsync(url)).Content.Headers.ContentLength, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task The_server_does_not_announce_itself()
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync("/api/v1/articles");

        Assert.Empty(response.Headers.Server);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), name);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> ResolveAsync(HttpClient client, string route)
    {
        if (!route.Contains('{', StringComparison.Ordinal))
        {
            return route;
        }

        var seed = await client.ArticleBySlugAsync(Fixtures.SeedSlug);
        return route
            .Replace("{seed}", seed.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{image}", seed.GetProperty("images")[0].GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{link}", seed.GetProperty("relatedLinks")[0].GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
