using System.Text;
using NewsApi.Tests.Support;
using Xunit.Abstractions;

namespace NewsApi.Tests;

/// <summary>The same host as <see cref="WritableNewsApiFactory"/> (one API key) in the Development environment.</summary>
public sealed class DevelopmentWritableNewsApiFactory() : NewsApiFactory("Development")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("NewsApi:ApiKeys:0", WritableNewsApiFactory.Key),
        new("NewsApi:ApiKeys:1", "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("hashed-key")))),
    ];
}

/// <summary>
/// Issue 7, "every input is hostile until shown otherwise": thousands of generated requests (fixed seed) over every
/// route, parameter, method and write path, with wrong types, huge numbers, control and invalid UTF-8 bytes, SQL and
/// FTS5 fragments, path traversal, hostile headers, bodies, content types and keys. Every answer must be below 500,
/// every 4xx an RFC 9457 <c>application/problem+json</c> with a matching <c>status</c>, a 304 has no body, and no
/// body leaks a stack trace, an SQL statement or a file system path.
/// </summary>
public abstract class HostileHttpTests(NewsApiFactory factory, ITestOutputHelper output)
{
    public const int Seed = 7;
    public const int Count = 2_400;

    [Fact]
    public async Task Every_hostile_request_gets_a_non_5xx_answer_and_every_4xx_is_a_clean_problem()
    {
        var client = await factory.CreateReadyClientAsync();
        var run = await HostileBattery.RunAsync(client, HostileRequests.Generate(Seed, Count), raw: false, factory.SourceDirectory);

        output.WriteLine($"{factory.Environment} (TestServer): {run.Summary}");
        run.AssertClean();
    }
}

public sealed class ProductionHostileHttpTests(WritableNewsApiFactory factory, ITestOutputHelper output)
    : HostileHttpTests(factory, output), IClassFixture<WritableNewsApiFactory>;

public sealed class DevelopmentHostileHttpTests(DevelopmentWritableNewsApiFactory factory, ITestOutputHelper output)
    : HostileHttpTests(factory, output), IClassFixture<DevelopmentWritableNewsApiFactory>;
