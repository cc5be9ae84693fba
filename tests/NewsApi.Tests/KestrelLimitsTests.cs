using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsApi.Store;
using NewsApi.Tests.Support;
using Xunit.Abstractions;

namespace NewsApi.Tests;

/// <summary>
/// The Production host with an API key on a real Kestrel socket (a free loopback port): TestServer enforces none of
/// <c>Kestrel:Limits</c> and cannot take a raw request target, a socket does both.
/// </summary>
public sealed class KestrelNewsApiFactory : NewsApiFactory, IAsyncLifetime
{
    public KestrelNewsApiFactory() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

    public Uri BaseAddress { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("NewsApi:ApiKeys:0", WritableNewsApiFactory.Key),
        new("NewsApi:ApiKeys:1", "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("hashed-key")))),
    ];

    public async Task InitializeAsync()
    {
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        await Services.GetRequiredService<StoreState>().StartupImportFinished.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>A socket client that sends what it is given: no redirects, no cookies, no decompression, UTF-8 header values.</summary>
    public HttpClient CreateSocketClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

public sealed class HostileKestrelTests(KestrelNewsApiFactory factory, ITestOutputHelper output) : IClassFixture<KestrelNewsApiFactory>
{
    [Fact]
    public async Task The_battery_over_a_real_socket_with_raw_targets_gets_no_5xx_and_only_problems_or_bare_kestrel_rejections()
    {
        using var client = factory.CreateSocketClient();
        var run = await HostileBattery.RunAsync(client, HostileRequests.Generate(HostileHttpTests.Seed, HostileHttpTests.Count), raw: true,
            factory.SourceDirectory);

        output.WriteLine($"Production (Kestrel, raw targets): {run.Summary}");
        run.AssertClean();
        Assert.Contains("400-kestrel", run.Statuses.Keys); // a NUL in the path never reaches the app
    }

    [Fact]
    public void The_kestrel_limits_of_appsettings_are_the_ones_in_force()
    {
        var limits = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(1_048_576, limits.MaxRequestBodySize);
        Assert.Equal(32_768, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(100, limits.MaxRequestHeaderCount);
        Assert.Equal(8_192, limits.MaxRequestLineSize);
    }

    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/no-such-route")]
    [InlineData("/health/live")]
    public async Task A_40_KB_header_gets_431_from_kestrel_with_an_empty_body(string path)
    {
        using var client = factory.CreateSocketClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("X-Padding", new string('p', 40 * 1024));

        using var response = await client.SendAsync(request);

        // Kestrel refuses the request before any middleware runs, so no problem body can be written; the empty body
        // is exempt from the problem+json rule and cannot leak anything.
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task More_than_100_headers_get_431_and_a_request_line_over_8_KB_gets_414()
    {
        using var client = factory.CreateSocketClient();
        using var many = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        for (var i = 0; i < 120; i++)
        {
            many.Headers.TryAddWithoutValidation($"X-H{i}", "v");
        }

        using var manyResponse = await client.SendAsync(many);
        using var longResponse = await client.GetAsync("/api/v1/articles?q=" + new string('a', 9_000));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, manyResponse.StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longResponse.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_1_MB_with_a_valid_key_is_413_whether_or_not_its_length_is_announced(bool announced)
    {
        using var client = factory.CreateSocketClient();
        var bytes = Encoding.UTF8.GetBytes("Oversized headline\n\n" + new string('x', 1_100_000));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles")
        {
            Content = announced ? new ByteArrayContent(bytes) : new StreamContent(new NonSeekableStream(bytes)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.Add("X-Api-Key", WritableNewsApiFactory.Key);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>A stream without a length, so HttpClient sends the body chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
