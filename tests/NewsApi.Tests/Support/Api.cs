using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NewsApi.Tests.Support;

/// <summary>Small helpers for reading API responses the way a client would.</summary>
public static partial class Api
{
    /// <summary>The body as JSON, after checking the status.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(url)).JsonAsync(expected);

    /// <summary>Asserts an RFC 9457 problem with the given status and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()), text);
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming <paramref name="parameter"/> under <c>errors</c>.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(this HttpResponseMessage response, string parameter)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()), text);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var messages), $"errors.{parameter} missing: {text}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        return problem;
    }

    /// <summary>
    /// Starts an import as a client would (POST, 202, Location) and follows Location until the run has finished;
    /// returns the finished run.
    /// </summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient client, string query = "")
    {
        var started = await client.PostAsync("/api/v1/imports" + query, null);
        var run = await started.JsonAsync(HttpStatusCode.Accepted);
        var id = run.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/imports/{id}", started.Headers.Location!.ToString());
        return await client.ImportRunAsync(id);
    }

    /// <summary>Follows import run <paramref name="id"/> until it has finished; returns the finished run.</summary>
    public static async Task<JsonElement> ImportRunAsync(this HttpClient client, int id)
    {
        var run = await client.GetJsonAsync($"/api/v1/imports/{id}");
        for (var polls = 0; run.GetProperty("status").GetString() == "running"; polls++)
        {
            Assert.True(polls < 1200, $"Import still running after 60 s: {run}");
            await Task.Delay(50);
            run = await client.GetJsonAsync($"/api/v1/imports/{id}");
        }

        return run;
    }

    public static List<int> Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();

    /// <summary>The <c>Link</c> header as rel → target.</summary>
    public static Dictionary<string, string> Links(this HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Link", out var values), "No Link header");
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in LinkPattern().Matches(string.Join(", ", values)))
        {
            links.Add(m.Groups["rel"].Value, m.Groups["url"].Value);
        }

        return links;
    }

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    /// <summary>Every article, in id order, as a client sees them in the list.</summary>
    public static async Task<List<JsonElement>> AllArticlesAsync(this HttpClient client)
    {
        var page = await client.GetJsonAsync("/api/v1/articles?pageSize=100&sort=id");
        Assert.True(page.GetProperty("totalItems").GetInt32() <= 100, "More fixtures than one page holds; page through them.");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    public static async Task<JsonElement> ArticleBySlugAsync(this HttpClient client, string slug) =>
        await client.GetJsonAsync($"/api/v1/articles/{slug}");

    public static async Task<int> ArticleIdByTitleAsync(this HttpClient client, string title) =>
        (await client.AllArticlesAsync()).Single(a => a.GetProperty("title").GetString() == title).GetProperty("id").GetInt32();

    [GeneratedRegex("<(?<url>[^>]*)>\\s*;\\s*rel=\"(?<rel>[^\"]+)\"")]
    private static partial Regex LinkPattern();
}
