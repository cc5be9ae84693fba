using System.Net;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The liveness and readiness probes.</summary>
public sealed class HealthProbeTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy_once_the_import_has_run(string path)
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
