using System.Net;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>A host with a tiny read budget, to see the limiter answer.</summary>
public sealed class RateLimitedNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("NewsApi:ReadRequestsPerSecond", "2"),
    ];
}

public sealed class RateLimitTests(RateLimitedNewsApiFactory factory) : IClassFixture<RateLimitedNewsApiFactory>
{
    [Fact]
    public async Task Too_many_requests_get_429_with_retry_after_never_503()
    {
        var client = await factory.CreateReadyClientAsync();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            responses.Add(await client.GetAsync("/api/v1/articles"));
        }

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.DoesNotContain(responses, r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        Assert.All(limited, r =>
        {
            Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

public sealed class SecurityHeaderTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/articles/does-not-exist")]
    [InlineData("/swagger/index.html")]
    public async Task Responses_carry_security_headers_and_no_server_header(string path)
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task A_production_error_shows_no_stack_trace_sql_or_path()
    {
        var client = await factory.CreateReadyClientAsync();

        var body = await (await client.GetAsync("/api/v1/articles?page=abc")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("SELECT", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(factory.SourceDirectory, body);
    }
}

/// <summary>A Production host that knows its HTTPS port, as behind TLS termination or with an HTTPS endpoint.</summary>
public sealed class HttpsNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("https_port", "443"),
    ];
}

public sealed class HttpsTests(HttpsNewsApiFactory factory) : IClassFixture<HttpsNewsApiFactory>
{
    [Fact]
    public async Task Plain_http_is_redirected_to_https_and_https_responses_carry_hsts()
    {
        await factory.CreateReadyClientAsync();
        var http = factory.CreateClient(new() { BaseAddress = new Uri("http://news.example.com"), AllowAutoRedirect = false });
        var https = factory.CreateClient(new() { BaseAddress = new Uri("https://news.example.com"), AllowAutoRedirect = false });

        var redirected = await http.GetAsync("/api/v1/articles");
        var secure = await https.GetAsync("/api/v1/articles");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://news.example.com/api/v1/articles", redirected.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_https_port_plain_http_is_served()
    {
        using var plain = new NewsApiFactory();
        var client = await plain.CreateReadyClientAsync();

        var response = await client.GetAsync("/api/v1/articles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
