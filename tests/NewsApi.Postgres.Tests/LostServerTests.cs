using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace NewsApi.Postgres.Tests;

/// <summary>A node whose database goes away answers with a problem to retry, never a 500 or a stack trace.</summary>
public sealed class LostServerTests
{
    [Fact]
    public async Task A_request_after_the_database_is_gone_gets_a_503_problem_with_retry_after()
    {
        var database = await PostgresDatabase.CreateAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("NewsApi:Provider", "Postgres");
            b.UseSetting("ConnectionStrings:NewsApi", database.ConnectionString);
            b.UseSetting("NewsApi:ImportOnStartup", "false");
        });
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);

        // DROP DATABASE ... WITH (FORCE) ends the node's connections as well: what a lost server looks like to it.
        await database.DisposeAsync();
        using var response = await client.GetAsync("/api/v1/articles?q=harbour");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter is not null, "no Retry-After");
        Assert.Contains("cannot be reached", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }
}
