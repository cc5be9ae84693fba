using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// Documents the members of RFC 9457 problem details and the <c>traceId</c> extension that
/// <see cref="ApiSetup"/> adds to every problem.
/// </summary>
internal sealed class ProblemDetailsSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["type"] = "A URI reference that identifies the problem type.",
        ["title"] = "A short summary of the problem type.",
        ["status"] = "The HTTP status code.",
        ["detail"] = "What went wrong with this request.",
        ["instance"] = "The request path.",
        ["errors"] = "Messages by parameter name.",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (!typeof(ProblemDetails).IsAssignableFrom(context.Type) || schema is not OpenApiSchema concrete)
        {
            return;
        }

        concrete.Description = context.Type == typeof(ValidationProblemDetails)
            ? "RFC 9457 problem details for a bad request, with the messages for each offending parameter."
            : "RFC 9457 problem details.";
        concrete.Properties ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, property) in concrete.Properties)
        {
            if (property is OpenApiSchema p && Descriptions.TryGetValue(name, out var description))
            {
                p.Description = description;
            }
        }

        concrete.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request's trace identifier, to find it in the server logs.",
        };
    }
}
