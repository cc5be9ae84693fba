using System.Net;
using System.Net.Http.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>A host with one slot and no queue per budget, so a held slot is visible from outside.</summary>
public sealed class OneSlotNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("NewsApi:MaxConcurrentRequests", "1"),
        new("NewsApi:MaxConcurrentSearches", "1"),
        new("NewsApi:MaxConcurrentWrites", "1"),
        new("NewsApi:MaxQueuedRequests", "0"),
    ];
}

/// <summary>Reads, searches and writes draw on separate concurrency budgets.</summary>
public sealed class ConcurrencyBudgetTests(OneSlotNewsApiFactory factory) : IClassFixture<OneSlotNewsApiFactory>
{
    [Fact]
    public async Task A_busy_write_budget_leaves_reads_and_searches_answering_and_refuses_further_writes_with_429()
    {
        var client = await factory.CreateReadyClientAsync();

        // The one write slot is taken, as by a write waiting for the import lock.
        using (var write = Hold("POST", "/api/v1/articles"))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles?q=test")).StatusCode);

            using var refused = await client.PostAsync("/api/v1/articles", new StringContent("x"));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<ProblemBody>();
            Assert.Contains("write", problem?.Detail);
        }

        // Released: the write reaches the endpoint again (which wants an API key).
        using var admitted = await client.PostAsync("/api/v1/articles", new StringContent("x"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, admitted.StatusCode);
    }

    [Fact]
    public async Task Busy_searches_leave_reads_answering()
    {
        var client = await factory.CreateReadyClientAsync();

        using (var search = Hold("GET", "/api/v1/articles", "?q=prefix*"))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/search/suggest?q=te")).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/articles?q=test")).StatusCode);
        }
    }

    /// <summary>Takes a slot from the host's own limiter for a request like the one described, until disposed.</summary>
    private RateLimitLease Hold(string method, string path, string query = "")
    {
        var limiter = factory.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query);
        var lease = limiter.AttemptAcquire(http);
        Assert.True(lease.IsAcquired);
        return lease;
    }

    private sealed record ProblemBody(string? Title, string? Detail);
}
