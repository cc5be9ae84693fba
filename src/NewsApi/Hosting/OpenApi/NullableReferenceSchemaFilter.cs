using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// A nullable property whose type is another schema (<c>leadImage</c>) is written as <c>allOf: [$ref]</c> with
/// <c>nullable: true</c>, and OpenAPI 3.0 ignores <c>nullable</c> without a <c>type</c> beside it (Redocly's
/// <c>nullable-type-sibling</c>). Every such schema of this API is a record, so the type is <c>object</c>.
/// Even then a validator applies the referenced schema to a null (Redocly flagged every example with
/// <c>"target": null</c>), so the reference becomes one branch of an <c>anyOf</c> whose other branch is null alone.
/// </summary>
internal sealed class NullableReferenceSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        foreach (var property in (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Values.OfType<OpenApiSchema>())
        {
            if (property.AllOf is { Count: 1 } && property.Type is { } type && type.HasFlag(JsonSchemaType.Null) && (type & ~JsonSchemaType.Null) == 0)
            {
                property.Type = JsonSchemaType.Object | JsonSchemaType.Null;
                property.AnyOf = [property.AllOf[0], new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, Enum = [null!] }];
                property.AllOf = null;
            }
        }
    }
}
