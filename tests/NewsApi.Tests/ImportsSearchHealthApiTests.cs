using System.Globalization;
using System.Net;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The import log, headline suggestions and the health endpoints.</summary>
public sealed class ImportsSearchHealthApiTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Fact]
    public async Task The_latest_import_counts_the_fixtures_and_reports_each_bad_file_with_code_and_reason()
    {
        var client = await factory.CreateReadyClientAsync();

        var run = await client.GetJsonAsync("/api/v1/imports/latest");

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(Fixtures.Good.Count + Fixtures.Bad.Count, run.GetProperty("filesSeen").GetInt32());
        Assert.Equal(Fixtures.Good.Count, run.GetProperty("imported").GetInt32());
        Assert.Equal(Fixtures.Bad.Count, run.GetProperty("skipped").GetInt32());
        Assert.Equal(0, run.GetProperty("updated").GetInt32());
        Assert.Equal(0, run.GetProperty("removed").GetInt32());
        var started = UtcTime(run.GetProperty("startedAt"));
        var finished = UtcTime(run.GetProperty("finishedAt"));
        Assert.True(finished >= started);

        var files = run.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("fileName").GetString()!);
        foreach (var (file, code) in new[] { ("900_empty.txt", "empty-file"), ("901_binary.txt", "binary-file") })
        {
            var result = files[file];
            Assert.Equal("skipped", result.GetProperty("outcome").GetString());
            Assert.Equal(JsonValueKind.Null, result.GetProperty("articleId").ValueKind);
            var diagnostic = Assert.Single(result.GetProperty("diagnostics").EnumerateArray());
            Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
            Assert.Equal(code, diagnostic.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetProperty("message").GetString()));
        }

        Assert.DoesNotContain(files.Values, f => f.GetProperty("outcome").GetString() == "skipped"
            && !Fixtures.Bad.Any(b => b.File == f.GetProperty("fileName").GetString()));
    }

    [Theory]
    [InlineData("nor")]
    [InlineData("NORTH korean")]
    [InlineData("North Korean officials head")]
    public async Task Suggest_completes_a_headline_prefix_in_any_case(string prefix)
    {
        var client = await factory.CreateReadyClientAsync();

        var suggestions = await client.GetJsonAsync($"/api/v1/search/suggest?prefix={Uri.EscapeDataString(prefix)}");

        var first = suggestions[0];
        Assert.Equal(Fixtures.SeedTitle, first.GetProperty("title").GetString());
        Assert.Equal(Fixtures.SeedSlug, first.GetProperty("slug").GetString());
        Assert.All(suggestions.EnumerateArray(), s => Assert.Contains(
            prefix.Split(' ')[^1], s.GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Suggest_also_completes_a_later_headline_word()
    {
        var client = await factory.CreateReadyClientAsync();
        var crocodileId = await client.ArticleIdByTitleAsync(Fixtures.CrocodileTitle);

        var suggestions = await client.GetJsonAsync("/api/v1/search/suggest?prefix=crocod");

        Assert.Contains(suggestions.EnumerateArray(), s => s.GetProperty("id").GetInt32() == crocodileId);
        Assert.True(suggestions.GetArrayLength() <= 10);
    }

    [Theory]
    [InlineData("zzzzqqq")]
    [InlineData("%")]
    [InlineData("_orth")]
    public async Task Suggest_finds_nothing_for_text_no_headline_has(string prefix)
    {
        var client = await factory.CreateReadyClientAsync();

        var suggestions = await client.GetJsonAsync($"/api/v1/search/suggest?prefix={Uri.EscapeDataString(prefix)}");

        Assert.Equal(JsonValueKind.Array, suggestions.ValueKind);
        Assert.Equal(0, suggestions.GetArrayLength());
    }

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

    private static DateTimeOffset UtcTime(JsonElement value)
    {
        var text = value.GetString()!;
        Assert.EndsWith("Z", text, StringComparison.Ordinal);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
