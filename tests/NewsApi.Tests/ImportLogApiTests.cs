using System.Globalization;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The import log: what the start-up import did with each fixture.</summary>
public sealed class ImportLogApiTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
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

    private static DateTimeOffset UtcTime(JsonElement value)
    {
        var text = value.GetString()!;
        Assert.EndsWith("Z", text, StringComparison.Ordinal);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
