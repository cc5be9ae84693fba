using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Without_a_trusted_proxy_a_forged_forwarded_address_does_not_escape_the_limit()
    {
        var client = await factory.CreateReadyClientAsync();

        var forged = await SendAsync(client, i => (null, $"198.51.100.{i + 1}"), 12);

        Assert.Contains(HttpStatusCode.TooManyRequests, forged);
    }

    /// <summary>Sends <paramref name="count"/> reads, the i-th from the given peer (test header) with the given X-Forwarded-For.</summary>
    internal static async Task<List<HttpStatusCode>> SendAsync(HttpClient client, Func<int, (string? Peer, string ForwardedFor)> from, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            var (peer, forwardedFor) = from(i);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            if (peer is not null)
            {
                request.Headers.Add("X-Test-Peer", peer);
            }

            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}

public sealed class ProxiedRateLimitedNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("NewsApi:ReadRequestsPerSecond", "2"),
        new("NewsApi:TrustedProxies:0", "10.0.0.0/8"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(http.Request.Headers["X-Test-Peer"].ToString());
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

public sealed class ProxiedRateLimitTests(ProxiedRateLimitedNewsApiFactory factory) : IClassFixture<ProxiedRateLimitedNewsApiFactory>
{
    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget()
    {
        var client = await factory.CreateReadyClientAsync();

        var manyClients = await RateLimitTests.SendAsync(client, i => ("10.1.2.3", $"203.0.113.{i + 1}"), 12);
        var oneClient = await RateLimitTests.SendAsync(client, _ => ("10.1.2.3", "203.0.113.200"), 12);

        Assert.All(manyClients, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains(HttpStatusCode.TooManyRequests, oneClient);
    }

    [Fact]
    public async Task A_caller_that_is_not_a_trusted_proxy_cannot_choose_its_forwarded_address()
    {
        var client = await factory.CreateReadyClientAsync();

        var forged = await RateLimitTests.SendAsync(client, i => ("192.0.2.1", $"198.51.100.{i + 1}"), 12);

        Assert.Contains(HttpStatusCode.TooManyRequests, forged);
    }

    [Fact]
    public async Task A_chain_of_trusted_proxies_is_followed_back_to_the_client()
    {
        var client = await factory.CreateReadyClientAsync();

        // Client, then a CDN edge (10.9.9.9), then the load balancer that connects (10.1.2.3): both proxies trusted.
        var viaChain = await RateLimitTests.SendAsync(client, i => ("10.1.2.3", $"198.18.0.{i + 1}, 10.9.9.9"), 12);

        Assert.All(viaChain, s => Assert.Equal(HttpStatusCode.OK, s));
    }
}

/// <summary>The tiny read budget with the host's own forwarded-headers switch on but no proxy configured.</summary>
public sealed class ForwardedHeadersEnabledRateLimitedNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("NewsApi:ReadRequestsPerSecond", "2"),
        new("FORWARDEDHEADERS_ENABLED", "true"),
    ];
}

public sealed class ForwardedHeadersEnabledTests(ForwardedHeadersEnabledRateLimitedNewsApiFactory factory)
    : IClassFixture<ForwardedHeadersEnabledRateLimitedNewsApiFactory>
{
    [Fact]
    public async Task ASPNETCORE_FORWARDEDHEADERS_ENABLED_without_trusted_proxies_believes_no_forwarded_address()
    {
        var client = await factory.CreateReadyClientAsync();

        var forged = await RateLimitTests.SendAsync(client, i => (null, $"198.51.100.{i + 1}"), 12);

        Assert.Contains(HttpStatusCode.TooManyRequests, forged);
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

public sealed class TrustedProxyOptionTests
{
    [Theory]
    [InlineData("10.0.0.5", true)]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("::1", true)]
    [InlineData("proxy.internal", false)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("10", false)]
    [InlineData("10.1", false)]
    [InlineData("10.0.0.1/8", false)]
    [InlineData(" 10.0.0.5", false)]
    [InlineData("", false)]
    public void Trusted_proxies_must_be_addresses_or_networks(string entry, bool valid)
    {
        var options = new NewsApi.Hosting.NewsApiOptions { TrustedProxies = [entry] };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(valid, results.Count == 0);
    }
}
