using System.Net;
using System.Text.Json.Nodes;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The app over the shipped folder <c>data/articles</c> alone, as <c>dotnet run</c> serves it.</summary>
public sealed class SeedOnlyNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("NewsApi:SourceDirectory", Path.Combine(Fixtures.RepoRoot(), "data", "articles"))];
}

/// <summary>
/// The examples in the OpenAPI document are what the API answers over the shipped seed article, so a newcomer who
/// runs the app and presses Execute sees what the document showed them.
/// </summary>
public sealed class ResponseExampleTests(SeedOnlyNewsApiFactory factory) : IClassFixture<SeedOnlyNewsApiFactory>
{
    // Times depend on when the import ran; ids, counts and texts do not.
    private static readonly HashSet<string> Times = new(StringComparer.Ordinal) { "updatedAt", "importedAt", "startedAt", "finishedAt", "firstSeenAt" };

    [Fact]
    public async Task Each_read_example_is_what_the_api_answers_for_the_seed_article()
    {
        var client = await factory.CreateReadyClientAsync();
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var differences = new List<string>();
        var compared = 0;
        foreach (var (operation, node) in OpenApiNewcomerTests.Operations(document).Where(o => o.Name.StartsWith("GET /api/", StringComparison.Ordinal)))
        {
            // The seed's teasers name articles that are not shipped, so nothing links to it: that example shows the shape.
            if (node["operationId"]!.GetValue<string>() == "listArticleBacklinks")
            {
                continue;
            }

            // Feeds, sitemaps and JSON-LD have their own formats; FeedTests and JsonLdTests read those back.
            if (node["responses"]!["200"]!["content"]!["application/json"] is null)
            {
                continue;
            }

            var url = OpenApiNewcomerTests.ExampleUrl(operation[4..], node, pathValue: null);
            var example = node["responses"]!["200"]!["content"]!["application/json"]!["example"];
            Assert.True(example is not null, $"{operation}: no example");
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: GET {url} answered {(int)response.StatusCode}");
            Compare($"{operation} (GET {url})", example, JsonNode.Parse(await response.Content.ReadAsStringAsync()), differences);
            compared++;
        }

        Assert.True(compared >= 10, $"only {compared} operations compared");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task The_bad_request_and_not_found_examples_are_what_the_api_answers()
    {
        var client = await factory.CreateReadyClientAsync();
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var differences = new List<string>();
        foreach (var (operation, node) in OpenApiNewcomerTests.Operations(document).Where(o => o.Name.StartsWith("GET /api/", StringComparison.Ordinal)))
        {
            var paged = node["responses"]!["200"]!["content"]!["application/json"]?["schema"]!["$ref"]?.GetValue<string>().EndsWith("PagedResponse", StringComparison.Ordinal) == true;
            var url = OpenApiNewcomerTests.ExampleUrl(operation[4..], node, pathValue: "1");
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + (paged ? "pageSize=0" : "page=1");
            await CompareProblemAsync(operation, url, node["responses"]!["400"]!, differences, client, ignore: ["traceId"]);

            if (node["responses"]!["404"] is { } notFound && operation.Contains('{', StringComparison.Ordinal))
            {
                // The example names id 1, which the seed store has; an id it lacks gets the same problem otherwise.
                await CompareProblemAsync(operation, OpenApiNewcomerTests.ExampleUrl(operation[4..], node, pathValue: "424242"), notFound, differences, client,
                    ignore: ["traceId", "detail", "instance"]);
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static async Task CompareProblemAsync(string operation, string url, JsonNode documented, List<string> differences, HttpClient client, string[] ignore)
    {
        var example = documented["content"]!["application/problem+json"]!["example"]!.DeepClone().AsObject();
        using var response = await client.GetAsync(url);
        var actual = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        foreach (var name in ignore)
        {
            example.Remove(name);
            actual.Remove(name);
        }

        Compare($"{operation} (GET {url})", example, actual, differences);
    }

    private static void Compare(string where, JsonNode? expected, JsonNode? actual, List<string> differences)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (key == "url" && e[key] is JsonValue eu && a[key] is JsonValue au)
                    {
                        // The example shows the default local run's host; the test host has its own.
                        Compare($"{where}.{key}", new Uri(eu.GetValue<string>()).PathAndQuery, new Uri(au.GetValue<string>()).PathAndQuery, differences);
                    }
                    else if (!Times.Contains(key))
                    {
                        Compare($"{where}.{key}", e[key], a[key], differences);
                    }
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    Compare($"{where}[{i}]", e[i], a[i], differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    differences.Add($"{where}: example {expected?.ToJsonString() ?? "null"}, served {actual?.ToJsonString() ?? "null"}");
                }

                break;
        }
    }
}
