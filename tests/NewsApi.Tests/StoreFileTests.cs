using System.Net;

namespace NewsApi.Tests;

/// <summary>The database file deleted or replaced under the running server: not ready, and writes refused.</summary>
// The database file deleted, replaced or made read-only under the server: a PostgreSQL server owns its files.
[Trait("Provider", "Sqlite")]
public sealed class StoreFileTests
{
    public static TheoryData<string> Breakages => new() { "delete", "delete-wal", "replace" };

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task A_broken_database_file_turns_readiness_503_and_writes_get_503_never_201(string breakage)
    {
        using var factory = new WritableNewsApiFactory();
        var client = await factory.CreateReadyClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        switch (breakage)
        {
            case "delete":
                File.Delete(factory.DatabasePath);
                break;
            case "delete-wal":
                Assert.True(File.Exists(factory.DatabasePath + "-wal"));
                File.Delete(factory.DatabasePath + "-wal");
                break;
            case "replace":
                var copy = factory.DatabasePath + ".copy";
                File.Copy(factory.DatabasePath, copy);
                File.Move(copy, factory.DatabasePath, overwrite: true);
                break;
        }

        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        using var write = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles") { Content = new StringContent("x") };
        write.Headers.Add("X-Api-Key", WritableNewsApiFactory.Key);
        using var refused = await client.SendAsync(write);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }
}
