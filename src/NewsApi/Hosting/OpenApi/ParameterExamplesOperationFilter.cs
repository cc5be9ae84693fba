using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// Swagger UI pre-fills every parameter with its <c>example</c> (or its first <c>examples</c> entry) under
/// "Try it out", and Execute sends them. For a required parameter that makes a working request; for an optional
/// filter it narrows the answer to what the examples happen to match, so a newcomer's first Execute on the article
/// list found one article. An optional query parameter therefore keeps its example (its <c>&lt;example&gt;</c>) only
/// in its description, and Execute sends nothing the user did not type. The cursor <c>after</c> gets two named
/// examples to pick from instead, the first of them empty (the first page), so nothing is pre-filled.
/// </summary>
internal sealed class ParameterExamplesOperationFilter : IOperationFilter
{
    private const string CursorParameter = "after";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { In: ParameterLocation.Query, Required: false } concrete)
            {
                continue;
            }

            var example = concrete.Example;
            concrete.Example = null;
            if (concrete.Schema is OpenApiSchema schema)
            {
#pragma warning disable CS0618 // Example is the schema's OpenAPI 3.0 `example`, which Swagger UI would pre-fill too.
                example ??= schema.Example;
                schema.Example = null;
#pragma warning restore CS0618
                schema.Examples = null;
            }

            if (example is null)
            {
                continue;
            }

            if (concrete.Name == CursorParameter)
            {
                concrete.Examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal)
                {
                    ["firstPage"] = new OpenApiExample { Summary = "No cursor: the first page", Value = JsonValue.Create(string.Empty) },
                    ["nextPage"] = new OpenApiExample { Summary = "The nextCursor of a previous page", Value = example.DeepClone() },
                };
            }
            else
            {
                var text = example.GetValueKind() == System.Text.Json.JsonValueKind.String ? example.GetValue<string>() : example.ToJsonString();
                concrete.Description = $"{concrete.Description?.TrimEnd()} Example: `{text}`.".TrimStart();
            }
        }
    }
}
