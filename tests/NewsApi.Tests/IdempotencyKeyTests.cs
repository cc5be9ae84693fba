using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;

namespace NewsApi.Tests;

/// <summary><c>Idempotency-Key</c> on <c>POST /api/v1/articles</c>: a retry creates nothing and gets the first answer.</summary>
public sealed class IdempotencyKeyTests(WritableNewsApiFactory factory) : IClassFixture<WritableNewsApiFactory>
{
    private async Task<HttpClient> Writer()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        return client;
    }

    private static HttpRequestMessage Post(string key, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles") { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private async Task<int> CountAsync(string title)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NewsDbContext>().Articles.CountAsync(a => a.Title == title);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing()
    {
        var client = await Writer();
        const string text = "Ferry returns to service after refit\n\nThe ferry sailed again on Monday.\n";

        var first = await client.SendAsync(Post("retry-1", text));
        var retry = await client.SendAsync(Post("retry-1", text));
        var other = await client.SendAsync(Post("retry-1", text.Replace("Monday", "Tuesday", StringComparison.Ordinal)));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await CountAsync("Ferry returns to service after refit"));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_article()
    {
        var client = await Writer();
        const string text = "Bridge repairs finish a week early\n\nThe bridge reopened on Friday.\n";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SendAsync(Post("race-1", text))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(1, await CountAsync("Bridge repairs finish a week early"));
    }
}
