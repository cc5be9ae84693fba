using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// Swagger UI pre-fills every parameter with its example under "Try it out". The paging examples exclude
/// each other (<c>page</c> with <c>after</c> is a 400), so <c>after</c> gets two named examples instead of
/// one: an empty "first page" (pre-filled, so nothing is sent and Execute works at once) and a real cursor
/// (<see cref="Contracts.PageQuery.After"/>'s <c>&lt;example&gt;</c>) to pick from the list.
/// </summary>
internal sealed class ParameterExamplesOperationFilter : IOperationFilter
{
    private const string CursorParameter = "after";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { Name: CursorParameter, In: ParameterLocation.Query, Example: { } cursor } concrete)
            {
                continue;
            }

            concrete.Example = null;
            concrete.Examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal)
            {
                ["firstPage"] = new OpenApiExample { Summary = "No cursor: the first page", Value = JsonValue.Create(string.Empty) },
                ["nextPage"] = new OpenApiExample { Summary = "The nextCursor of a previous page", Value = cursor.DeepClone() },
            };
            if (concrete.Schema is OpenApiSchema schema)
            {
#pragma warning disable CS0618 // Example is the schema's OpenAPI 3.0 `example`, which Swagger UI would pre-fill too.
                schema.Example = null;
#pragma warning restore CS0618
                schema.Examples = null;
            }
        }
    }
}
