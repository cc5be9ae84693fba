using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The real host with one more route, <c>/test/throws</c>, that fails the way a bug would.</summary>
public sealed class ThrowingNewsApiFactory : NewsApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingRoute>());
    }

    private sealed class ThrowingRoute : IStartupFilter
    {
        // After the whole application pipeline, so the exception passes through every middleware the app has.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == "/test/throws"
                ? throw new InvalidOperationException("a bug")
                : Task.CompletedTask);
        };
    }
}

/// <summary>A 500 is still a response the browser must treat carefully.</summary>
public sealed class ServerErrorTests(ThrowingNewsApiFactory factory) : IClassFixture<ThrowingNewsApiFactory>
{
    [Fact]
    public async Task A_500_carries_the_security_headers_and_no_detail()
    {
        var client = await factory.CreateReadyClientAsync();

        using var response = await client.GetAsync("/test/throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("default-src 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.DoesNotContain("a bug", await response.Content.ReadAsStringAsync());
    }
}
