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

    [Theory]
    [InlineData("POST", "/health/live")]
    [InlineData("POST", "/health/ready")]
    [InlineData("DELETE", "/health/live")]
    [InlineData("DELETE", "/health/ready")]
    [InlineData("PUT", "/health/ready")]
    public async Task Health_endpoints_refuse_other_methods_than_get_with_405(string method, string path)
    {
        var client = await factory.CreateReadyClientAsync();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
