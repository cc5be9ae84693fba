using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using NewsApi.Hosting.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Store;

/// <summary>
/// Adds the health probes that <see cref="HealthSetup"/> maps with <c>MapHealthChecks</c>: they are not
/// controller actions, so the API explorer does not see them.
/// </summary>
internal sealed class HealthEndpointsDocumentFilter : IDocumentFilter
{
    public const string Tag = "Health";

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Tags ??= new HashSet<OpenApiTag>();
        swaggerDoc.Tags.Add(new OpenApiTag { Name = Tag, Description = "Liveness and readiness probes for orchestrators and load balancers." });

        swaggerDoc.Paths.Add("/health/live", PathItem(swaggerDoc, Probe(
            swaggerDoc,
            "getLiveness",
            "Liveness probe.",
            "Runs no checks: answers `Healthy` whenever the process can serve requests.",
            unhealthy: false)));
        swaggerDoc.Paths.Add("/health/ready", PathItem(swaggerDoc, Probe(
            swaggerDoc,
            "getReadiness",
            "Readiness probe.",
            "`Healthy` once the database is reachable, the schema migrated and the start-up import finished; " +
                "`Unhealthy` with 503 until then.",
            unhealthy: true)));
    }

    private static OpenApiPathItem PathItem(OpenApiDocument document, OpenApiOperation get)
    {
        foreach (var response in get.Responses!.Values.OfType<OpenApiResponse>())
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
            {
                [HttpHeadersOperationFilter.RequestId] = new OpenApiHeaderReference(HttpHeadersOperationFilter.RequestId, document),
            };
        }

        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, get);
        return item;
    }

    private static OpenApiOperation Probe(OpenApiDocument document, string id, string summary, string description, bool unhealthy)
    {
        var responses = new OpenApiResponses
        {
            ["200"] = Text("The service is healthy (or degraded but serving).", "Healthy"),
        };
        if (unhealthy)
        {
            responses["503"] = Text("The service is not ready yet.", "Unhealthy");
        }

        return new OpenApiOperation
        {
            OperationId = id,
            Summary = summary,
            Description = description,
            Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
            Responses = responses,
        };
    }

    private static OpenApiResponse Text(string description, string status) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["text/plain"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Degraded"), JsonValue.Create("Unhealthy")],
                },
                Example = JsonValue.Create(status),
            },
        },
    };
}
