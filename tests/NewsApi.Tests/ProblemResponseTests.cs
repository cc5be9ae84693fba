using System.Net;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>Regressions the battery found, one request each, so a failure names the bug.</summary>
public sealed class HostileRegressionTests(WritableNewsApiFactory factory) : IClassFixture<WritableNewsApiFactory>
{
    [Theory]
    // Content negotiation turned these into a bodiless 406 or a text/plain "Status Code: 404".
    [InlineData("GET", "/api/v1/articles/no-such-article", "text/plain", 404)]
    [InlineData("GET", "/api/v1/articles?page=abc", "application/xml", 400)]
    [InlineData("GET", "/no-such-route", "text/html", 404)]
    [InlineData("TRACE", "/", "application/xml", 405)]
    [InlineData("GET", "/api/v1/articles", "image/png", 406)]
    // The API-key challenge wrote an empty body.
    [InlineData("POST", "/api/v1/articles", "image/png", 401)]
    public async Task A_4xx_is_a_problem_json_whatever_the_accept_header_asks_for(string method, string url, string accept, int status)
    {
        var client = await factory.CreateReadyClientAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()), text);
    }

    [Fact]
    public async Task Accept_json_keeps_the_usual_problem()
    {
        var client = await factory.CreateReadyClientAsync();

        var problem = await (await client.GetAsync("/api/v1/articles/no-such-article")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Article not found", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nHeadline\r\n--x--\r\n")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary")]
    [InlineData("multipart/form-data; boundary=x", "not multipart at all")]
    public async Task A_malformed_multipart_upload_is_a_400_problem(string contentType, string body)
    {
        var client = await factory.CreateReadyClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles") { Content = new StringContent(body) };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add("X-Api-Key", WritableNewsApiFactory.Key);

        using var response = await client.SendAsync(request);
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);

        // The action reads the form itself (model binding would turn an upload over the size limit into a 400 too).
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unreadable request body", problem.GetProperty("title").GetString());
    }
}
