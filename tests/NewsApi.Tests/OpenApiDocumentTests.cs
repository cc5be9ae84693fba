using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// The OpenAPI document served at <c>/swagger/v1/swagger.json</c>: committed as <c>docs/openapi.json</c> so
/// contract changes show up in review, and held to the documentation rules of the API.
/// </summary>
public sealed class OpenApiDocumentTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private const string DocumentUrl = "/swagger/v1/swagger.json";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string CommittedPath => Path.Combine(Fixtures.RepoRoot(), "docs", "openapi.json");

    [Fact]
    public async Task The_served_document_matches_docs_openapi_json()
    {
        var served = Normalise(await FetchAsync());

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CommittedPath)!);
            await File.WriteAllTextAsync(CommittedPath, served);
            return;
        }

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing. {HowToUpdate}");
        var committed = Normalise(await File.ReadAllTextAsync(CommittedPath));
        if (committed != served)
        {
            Assert.Fail($"docs/openapi.json differs from the document the API serves ({FirstDifference(committed, served)}). " +
                $"If the API change is intended, {HowToUpdate}");
        }
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_and_a_description()
    {
        var missing = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, operation) in Operations(JsonNode.Parse(await FetchAsync())!))
        {
            foreach (var field in new[] { "operationId", "summary", "description" })
            {
                if (string.IsNullOrWhiteSpace(operation[field]?.GetValue<string>()))
                {
                    missing.Add($"{name}: {field}");
                }
            }

            if (operation["operationId"]?.GetValue<string>() is { } id && !ids.Add(id))
            {
                missing.Add($"{name}: operationId {id} is not unique");
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_error_response_is_a_problem_and_every_response_with_a_body_has_a_schema()
    {
        var wrong = new List<string>();
        foreach (var (name, operation) in Operations(JsonNode.Parse(await FetchAsync())!))
        {
            foreach (var (code, response) in operation["responses"]!.AsObject())
            {
                var content = response!["content"]?.AsObject();
                if (code is "204" or "304" or "308")
                {
                    continue;
                }

                if (content is null || content.Count == 0 || content.Any(c => c.Value?["schema"] is null))
                {
                    wrong.Add($"{name} {code}: no schema");
                    continue;
                }

                if (code[0] is '4' or '5' && !name.Contains("/health/", StringComparison.Ordinal))
                {
                    var actual = content["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                    if (content.Count != 1 || actual is not ("#/components/schemas/ProblemDetails" or "#/components/schemas/ValidationProblemDetails")
                        || (code == "400" && actual != "#/components/schemas/ValidationProblemDetails"))
                    {
                        wrong.Add($"{name} {code}: expected only application/problem+json with a problem schema " +
                            $"(ValidationProblemDetails for 400), got {content.ToJsonString()}");
                    }
                }
            }

            if (operation["responses"]!["400"] is null && !name.Contains("/health/", StringComparison.Ordinal))
            {
                wrong.Add($"{name}: no 400 (unknown query parameters are rejected everywhere)");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Every_parameter_has_an_example_and_the_bounds_of_its_annotations()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        // Optional query parameters keep their example in the description, so Try it out does not pre-fill them;
        // the conditional-request headers have none (an ETag comes from an earlier response).
        var withoutExample = Operations(document)
            .SelectMany(o => (o.Operation["parameters"]?.AsArray() ?? []).Select(p => (o.Name, Parameter: p!)))
            .Where(p => p.Parameter["in"]!.GetValue<string>() != "header")
            .Where(p => p.Parameter["example"] is null && p.Parameter["examples"] is null
                && p.Parameter["description"]?.GetValue<string>().Contains("Example: `", StringComparison.Ordinal) != true)
            .Select(p => $"{p.Name}: {p.Parameter["name"]}")
            .ToList();
        Assert.Empty(withoutExample);

        var list = Parameters(document, "/api/v1/articles");
        Assert.Equal(1, list["page"]!["schema"]!["minimum"]!.GetValue<int>());
        Assert.Equal(1_000_000, list["page"]!["schema"]!["maximum"]!.GetValue<int>());
        Assert.Equal(1, list["pageSize"]!["schema"]!["minimum"]!.GetValue<int>());
        Assert.Equal(100, list["pageSize"]!["schema"]!["maximum"]!.GetValue<int>());
        Assert.Equal(512, list["after"]!["schema"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(500, list["q"]!["schema"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(200, list["credit"]!["schema"]!["maxLength"]!.GetValue<int>());
        Assert.Equal("^(id|-id|title|-title|updatedAt|-updatedAt|publishedAt|-publishedAt)$", list["sort"]!["schema"]!["pattern"]!.GetValue<string>());
        Assert.EndsWith("Example: `north korea`.", list["q"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(100, Parameters(document, "/api/v1/search/suggest")["prefix"]!["schema"]!["maxLength"]!.GetValue<int>());
    }

    [Fact]
    public async Task Body_blocks_are_one_of_three_kinds_told_apart_by_type()
    {
        var schemas = JsonNode.Parse(await FetchAsync())!["components"]!["schemas"]!;
        var block = schemas["BodyBlockResponse"]!;

        var mapping = block["discriminator"]!["mapping"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<string>());
        Assert.Equal("type", block["discriminator"]!["propertyName"]!.GetValue<string>());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["paragraph"] = "#/components/schemas/ParagraphBlockResponse",
                ["image"] = "#/components/schemas/ImageBlockResponse",
                ["relatedLink"] = "#/components/schemas/RelatedLinkBlockResponse",
            },
            mapping);
        Assert.Equal(mapping.Values.Order(), block["oneOf"]!.AsArray().Select(s => s!["$ref"]!.GetValue<string>()).Order());
        foreach (var (value, reference) in mapping)
        {
            var kind = schemas[reference.Split('/')[^1]]!;
            Assert.Equal(value, kind["properties"]!["type"]!["enum"]![0]!.GetValue<string>());
            Assert.Contains("type", kind["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Health_probes_are_documented()
    {
        var paths = JsonNode.Parse(await FetchAsync())!["paths"]!;

        Assert.Equal("getLiveness", paths["/health/live"]?["get"]?["operationId"]?.GetValue<string>());
        Assert.Equal("getReadiness", paths["/health/ready"]?["get"]?["operationId"]?.GetValue<string>());
        Assert.NotNull(paths["/health/ready"]!["get"]!["responses"]!["503"]);
    }

    private const string HowToUpdate =
        "regenerate it with `UPDATE_OPENAPI=1 dotnet test tests/NewsApi.Tests --filter OpenApiDocumentTests`, " +
        "lint it with `.ci/lint-openapi.sh docs/openapi.json`, and commit it.";

    private async Task<string> FetchAsync()
    {
        var client = await factory.CreateReadyClientAsync();
        using var response = await client.GetAsync(DocumentUrl);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Re-serialised with fixed indentation and escaping, LF line endings and a final newline.</summary>
    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (Methods.Contains(method))
                {
                    yield return ($"{method.ToUpperInvariant()} {path}", operation!);
                }
            }
        }
    }

    private static Dictionary<string, JsonNode> Parameters(JsonNode document, string path) =>
        document["paths"]![path]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end>";
            var right = i < b.Length ? b[i] : "<end>";
            if (left != right)
            {
                return $"first at line {i + 1}: committed `{left.Trim()}`, served `{right.Trim()}`";
            }
        }

        return "same lines";
    }
}
