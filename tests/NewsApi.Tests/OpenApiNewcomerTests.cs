using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// The OpenAPI document as a newcomer reads it in Swagger UI: every field explained, every response with an
/// example, the headers and status codes the API really sends, and links that lead somewhere.
/// </summary>
public sealed partial class OpenApiNewcomerTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_schema_property_has_a_description()
    {
        var document = await DocumentAsync();
        var missing = new List<string>();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            Walk(name, schema!, missing);
        }

        foreach (var (operation, node) in Operations(document))
        {
            foreach (var (code, response) in node["responses"]!.AsObject())
            {
                foreach (var (media, content) in response!["content"]?.AsObject() ?? [])
                {
                    Walk($"{operation} {code} {media}", content!["schema"]!, missing);
                }
            }
        }

        Assert.True(missing.Count == 0, "Properties without a description:\n" + string.Join("\n", missing));

        static void Walk(string path, JsonNode schema, List<string> missing)
        {
            foreach (var (property, value) in schema["properties"]?.AsObject() ?? [])
            {
                if (string.IsNullOrWhiteSpace(value?["description"]?.GetValue<string>()))
                {
                    missing.Add($"{path}.{property}");
                }

                Walk($"{path}.{property}", value!, missing);
            }

            foreach (var nested in new[] { schema["items"], schema["additionalProperties"] as JsonObject })
            {
                if (nested is not null)
                {
                    Walk(path + "[]", nested, missing);
                }
            }
        }
    }

    [Fact]
    public async Task Every_successful_json_response_has_an_example()
    {
        var document = await DocumentAsync();
        var missing = new List<string>();
        foreach (var (operation, node) in Operations(document))
        {
            foreach (var (code, response) in node["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')))
            {
                foreach (var (media, content) in response!["content"]?.AsObject() ?? [])
                {
                    if (media.Contains("json", StringComparison.Ordinal) && !HasExample(document, content!))
                    {
                        missing.Add($"{operation} {code} {media}");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "Successful JSON responses without an example:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task Every_error_response_has_an_example_with_its_status()
    {
        var document = await DocumentAsync();
        var wrong = new List<string>();
        foreach (var (operation, node) in Operations(document).Where(o => o.Name.Contains(" /api/", StringComparison.Ordinal)))
        {
            foreach (var (code, response) in node["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
            {
                var example = response!["content"]?["application/problem+json"]?["example"];
                if (example?["status"]?.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture) != code
                    || string.IsNullOrWhiteSpace(example["title"]?.GetValue<string>()))
                {
                    wrong.Add($"{operation} {code}: {example?.ToJsonString() ?? "no example"}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Response_headers_are_documented_where_they_are_sent()
    {
        var document = await DocumentAsync();
        var wrong = new List<string>();
        foreach (var (operation, node) in Operations(document).Where(o => o.Name.Contains(" /api/", StringComparison.Ordinal)))
        {
            var responses = node["responses"]!.AsObject();
            Expect(responses.Select(r => r.Key).ToArray(), "X-Request-Id");

            if (operation.StartsWith("GET ", StringComparison.Ordinal))
            {
                Expect(["200", "304"], "ETag", "Cache-Control");
                if (node["parameters"]?.AsArray().Any(p => p!["name"]?.GetValue<string>() == "If-None-Match" && p["in"]?.GetValue<string>() == "header") != true)
                {
                    wrong.Add($"{operation}: no If-None-Match parameter");
                }
            }

            if (responses["200"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>().EndsWith("PagedResponse", StringComparison.Ordinal) == true)
            {
                Expect(["200"], "X-Total-Count", "Link");
            }

            Expect(["429"], "Retry-After");
            if (responses.ContainsKey("201"))
            {
                Expect(["201"], "Location");
            }

            void Expect(string[] codes, params string[] headers)
            {
                foreach (var code in codes)
                {
                    foreach (var header in headers)
                    {
                        if (responses[code]?["headers"]?[header] is null)
                        {
                            wrong.Add($"{operation} {code}: no {header}");
                        }
                    }
                }
            }
        }

        var article = Operation(document, "getArticle");
        foreach (var code in new[] { "200", "304" })
        {
            Assert.NotNull(article["responses"]![code]!["headers"]!["Last-Modified"]);
        }

        foreach (var write in new[] { "replaceArticle", "deleteArticle" })
        {
            Assert.NotNull(Operation(document, write)["responses"]!["412"]);
            Assert.Contains(Operation(document, write)["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match");
        }

        foreach (var (name, header) in document["components"]!["headers"]!.AsObject())
        {
            if (string.IsNullOrWhiteSpace(header!["description"]?.GetValue<string>()))
            {
                wrong.Add($"header {name}: no description");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_documented_headers_of_each_read_are_the_ones_it_sends_and_304_answers_its_etag()
    {
        var document = await DocumentAsync();
        var client = await factory.CreateReadyClientAsync();
        var readable = document["components"]!["headers"]!.AsObject().Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var wrong = new List<string>();
        foreach (var (operation, node) in Operations(document).Where(o => o.Name.StartsWith("GET /api/", StringComparison.Ordinal)))
        {
            var url = ExampleUrl(operation[4..], node, "1");
            using var ok = await client.GetAsync(url);
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{operation}: GET {url} answered {(int)ok.StatusCode}");
            Compare(operation + " 200", node["responses"]!["200"]!, ok);

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("If-None-Match", ok.Headers.ETag!.ToString());
            using var notModified = await client.SendAsync(request);
            Assert.True(notModified.StatusCode == HttpStatusCode.NotModified, $"{operation}: GET {url} with its ETag answered {(int)notModified.StatusCode}");
            Compare(operation + " 304", node["responses"]!["304"]!, notModified);
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        void Compare(string what, JsonNode response, HttpResponseMessage actual)
        {
            var documented = response["headers"]?.AsObject().Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            var sent = actual.Headers.Concat(actual.Content.Headers).Select(h => h.Key).Where(readable.Contains).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var missing in sent.Except(documented, StringComparer.OrdinalIgnoreCase))
            {
                wrong.Add($"{what}: sends {missing}, not documented");
            }

            foreach (var extra in documented.Except(sent, StringComparer.OrdinalIgnoreCase))
            {
                wrong.Add($"{what}: documents {extra}, not sent");
            }
        }
    }

    [Fact]
    public async Task Optional_filters_are_not_pre_filled_in_try_it_out()
    {
        var document = await DocumentAsync();
        var wrong = new List<string>();
        foreach (var (operation, node) in Operations(document))
        {
            foreach (var parameter in node["parameters"]?.AsArray() ?? [])
            {
                var name = $"{operation}: {parameter!["name"]}";
                var required = parameter["required"]?.GetValue<bool>() == true;
                var prefilled = parameter["example"] ?? parameter["schema"]?["example"] ?? parameter["examples"]?.AsObject().First().Value?["value"];
                if (required && prefilled is null)
                {
                    wrong.Add($"{name}: required, so Execute needs an example");
                }
                else if (!required && prefilled is not null && prefilled.ToJsonString() != "\"\"")
                {
                    wrong.Add($"{name}: optional, but Try it out pre-fills {prefilled.ToJsonString()}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        var q = Operation(document, "listArticles")["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "q")!;
        Assert.Contains("Example: `north korea`", q["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operation_ids_make_deep_links_and_swagger_ui_has_deep_linking_on()
    {
        var document = await DocumentAsync();
        Assert.Equal("listArticles", Operation(document, "listArticles")["operationId"]!.GetValue<string>());
        Assert.Contains("Articles", Operation(document, "listArticles")["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var client = await factory.CreateReadyClientAsync();
        var config = await client.GetStringAsync("/swagger/index.js");
        Assert.Matches(DeepLinkingOn(), config);
    }

    [Fact]
    public async Task Every_link_in_a_description_resolves()
    {
        var document = await DocumentAsync();
        var client = await factory.CreateReadyClientAsync();
        var descriptions = new List<(string Where, string Text)>();
        Descriptions("#", document, descriptions);
        var anchors = Operations(document)
            .SelectMany(o => (o.Operation["tags"]?.AsArray() ?? []).Select(t => $"#/{t}/{o.Operation["operationId"]}"))
            .ToHashSet(StringComparer.Ordinal);

        var links = descriptions.SelectMany(d => LinkTarget().Matches(d.Text).Select(m => (d.Where, Target: m.Groups["target"].Value))).ToList();
        Assert.NotEmpty(links);
        var broken = new List<string>();
        foreach (var (where, target) in links)
        {
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            {
                continue;
            }

            if (target.StartsWith('#'))
            {
                if (!anchors.Contains(target))
                {
                    broken.Add($"{where}: {target} is no operation (#/Tag/operationId)");
                }

                continue;
            }

            if (!target.StartsWith('/'))
            {
                broken.Add($"{where}: {target} is relative to nothing Swagger UI serves; use a path from / or an absolute URL");
                continue;
            }

            var (path, anchor) = target.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? (target[..hash], target[hash..]) : (target, null);
            using var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                broken.Add($"{where}: {target} answers {(int)response.StatusCode}");
            }
            else if (anchor is not null && !anchors.Contains(anchor))
            {
                broken.Add($"{where}: {target} has no anchor {anchor}");
            }
        }

        // A repository file named in prose (`docs/search.md`) is a link a reader of Swagger UI cannot follow.
        foreach (var (where, text) in descriptions)
        {
            foreach (Match file in RepositoryFile().Matches(text))
            {
                broken.Add($"{where}: names the repository file {file.Value}, which Swagger UI readers cannot open");
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));

        static void Descriptions(string path, JsonNode? node, List<(string, string)> found)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "description" && value is JsonValue v && v.TryGetValue<string>(out var text))
                        {
                            found.Add((path, text));
                        }
                        else
                        {
                            Descriptions($"{path}/{key}", value, found);
                        }
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        Descriptions($"{path}/{i}", a[i], found);
                    }

                    break;
            }
        }
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var client = await factory.CreateReadyClientAsync();
        return JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
    }

    internal static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document)
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

    internal static JsonNode Operation(JsonNode document, string id) =>
        Operations(document).Single(o => o.Operation["operationId"]?.GetValue<string>() == id).Operation;

    /// <summary>The path with each path parameter set to <paramref name="pathValue"/> (or its example when null), and the required query parameters' examples.</summary>
    internal static string ExampleUrl(string path, JsonNode operation, string? pathValue)
    {
        var query = new List<string>();
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var name = parameter!["name"]!.GetValue<string>();
            var example = parameter["example"]?.ToString();
            if (parameter["in"]!.GetValue<string>() == "path")
            {
                path = path.Replace("{" + name + "}", Uri.EscapeDataString(pathValue ?? example!), StringComparison.Ordinal);
            }
            else if (parameter["in"]!.GetValue<string>() == "query" && parameter["required"]?.GetValue<bool>() == true)
            {
                query.Add($"{name}={Uri.EscapeDataString(example!)}");
            }
        }

        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }

    private static bool HasExample(JsonNode document, JsonNode content)
    {
        if (content["example"] is not null || content["examples"] is not null)
        {
            return true;
        }

        var schema = content["schema"];
        for (var depth = 0; schema is not null && depth < 5; depth++)
        {
            if (schema["example"] is not null)
            {
                return true;
            }

            schema = schema["$ref"]?.GetValue<string>() is { } reference
                ? document["components"]!["schemas"]![reference.Split('/')[^1]]
                : schema["items"];
        }

        return false;
    }

    // Markdown links [text](target), autolinks <https://...>, and HTML href="target".
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)|<(?<target>https?://[^>\s]+)>|href=""(?<target>[^""]+)""")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"(?<![\w/.:])(?:[\w-]+/)*[\w-]+\.md\b")]
    private static partial Regex RepositoryFile();

    [GeneratedRegex(@"""deepLinking""\s*:\s*true")]
    private static partial Regex DeepLinkingOn();
}
