using Microsoft.OpenApi;
using NewsApi.Contracts;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// Documents the HTTP behaviour that middleware adds around the controllers, on the responses where it happens:
/// <list type="bullet">
/// <item><c>X-Request-Id</c> on every response (<see cref="RequestIdMiddleware"/>);</item>
/// <item><c>ETag</c> and <c>Cache-Control</c> on a GET's 200, and 304 for a matching <c>If-None-Match</c>
/// (<c>ConditionalGetMiddleware</c>, <c>ArticleRenditionMiddleware</c> in Caching/);</item>
/// <item><c>Last-Modified</c> on an article (<c>GetArticle</c>);</item>
/// <item><c>X-Total-Count</c> and <c>Link</c> on a page of a collection (<c>Pager.WritePagingHeaders</c> in Paging/);</item>
/// <item><c>Location</c> on a 201, <c>WWW-Authenticate</c> on a 401, and <c>If-Match</c> where a write answers 412;</item>
/// <item><c>Retry-After</c> on the 429 that <see cref="ProblemResponsesOperationFilter"/> adds everywhere.</item>
/// </list>
/// The headers are components, so each is described once.
/// </summary>
internal sealed class HttpHeadersOperationFilter : IOperationFilter
{
    public const string RequestId = "X-Request-Id";
    public const string TotalCount = "X-Total-Count";

    private static readonly Dictionary<string, (string Description, JsonSchemaType Type, string Example)> Headers = new(StringComparer.Ordinal)
    {
        [RequestId] = ("The request's id: the caller's own `X-Request-Id` when it is a short token, otherwise a new one. " +
            "Problems carry it as `traceId`; quote it when reporting a problem.", JsonSchemaType.String, ResponseExamples.TraceId),
        ["ETag"] = ("A strong validator of this representation (a hash of the body). Send it back in `If-None-Match` to get a " +
            "304 instead of the body, or in `If-Match` to make a write conditional.", JsonSchemaType.String, "\"05a73750f838573d4dd46cfd34b52d89\""),
        ["Cache-Control"] = ("How long shared and private caches may reuse the response without asking again " +
            "(`NewsApi:CacheMaxAgeSeconds`, 60 s by default).", JsonSchemaType.String, "public, max-age=60"),
        ["Last-Modified"] = ("When the article's content last changed (its `updatedAt`), as an HTTP date.", JsonSchemaType.String,
            "Sat, 28 Nov 2026 15:43:12 GMT"),
        [TotalCount] = ("Items matching the query across all pages (the body's `totalItems`).", JsonSchemaType.Integer, "1"),
        ["Link"] = ("RFC 8288 links to the `first`, `prev`, `next` and `last` pages, keeping the other query parameters; " +
            "`next` is a cursor link when the page was reached by `after`.", JsonSchemaType.String,
            "</api/v1/articles?page=1>; rel=\"first\", </api/v1/articles?page=1>; rel=\"last\""),
        ["Location"] = ("The URL of the new article.", JsonSchemaType.String, "/api/v1/articles/1"),
        ["WWW-Authenticate"] = ("The scheme to authenticate with: an API key in the `X-Api-Key` header.", JsonSchemaType.String,
            "ApiKey header=\"X-Api-Key\""),
        ["Retry-After"] = ("Seconds to wait before retrying.", JsonSchemaType.Integer, "1"),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var document = context.Document;
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        foreach (var (name, (description, type, example)) in Headers)
        {
            document.Components.Headers.TryAdd(name, new OpenApiHeader
            {
                Description = description,
                Schema = new OpenApiSchema { Type = type },
                Example = type == JsonSchemaType.Integer
                    ? System.Text.Json.Nodes.JsonValue.Create(int.Parse(example, System.Globalization.CultureInfo.InvariantCulture))
                    : System.Text.Json.Nodes.JsonValue.Create(example),
            });
        }

        operation.Responses ??= [];
        var method = context.ApiDescription.HttpMethod ?? string.Empty;
        var isGet = HttpMethods.IsGet(method);
        var ok = context.ApiDescription.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == StatusCodes.Status200OK)?.Type;
        var isArticle = isGet && ok == typeof(ArticleResponse);
        var isPage = ok is { IsGenericType: true } && ok.GetGenericTypeDefinition() == typeof(PagedResponse<>);

        if (isGet)
        {
            operation.Responses["304"] = new OpenApiResponse
            {
                Description = "Not Modified: `If-None-Match` names the current `ETag`, so the copy the client holds is still " +
                    "current. No body.",
            };
            AddParameter(operation, "If-None-Match", "The `ETag` of a copy the client holds: when it is still current the answer is " +
                "304 with no body.");
        }

        if (operation.Responses.ContainsKey("412"))
        {
            AddParameter(operation, "If-Match", "The `ETag` from a GET of the article: the write happens only if the article is " +
                "unchanged since, otherwise the answer is 412.");
        }

        if (operation.OperationId == "createArticle")
        {
            AddParameter(operation, "Idempotency-Key", "Makes a retry safe: a request with a key already used (by the same API key, " +
                "within 24 hours) creates nothing and gets the first answer again (status, `Location`, body); the same key with " +
                "a different body is a 422. 1 to 200 characters.");
        }

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            var names = new List<string>();
            if (isGet && code is "200" or "304")
            {
                names.AddRange(["ETag", "Cache-Control"]);
                if (isArticle)
                {
                    names.Add("Last-Modified");
                }
            }

            if (isPage && code == "200")
            {
                names.AddRange([TotalCount, "Link"]);
            }

            names.AddRange(code switch
            {
                "201" => ["Location"],
                "401" => ["WWW-Authenticate"],
                "429" or "503" or "507" => ["Retry-After"],
                _ => [],
            });
            names.Add(RequestId);

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                concrete.Headers[name] = new OpenApiHeaderReference(name, document);
            }
        }
    }

    private static void AddParameter(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
