using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// Describes a <see cref="JsonPolymorphicAttribute"/> base type the way System.Text.Json writes it: the base
/// schema is a <c>oneOf</c> of its <see cref="JsonDerivedTypeAttribute"/> types with a discriminator and an
/// explicit mapping, and each derived schema carries the discriminator property as a one-value enum.
/// Derived schemas are flat (no <c>allOf</c> back to the base), so there is no reference cycle.
/// </summary>
internal sealed class PolymorphicSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        if (context.Type.GetCustomAttribute<JsonPolymorphicAttribute>(inherit: false) is { } polymorphic)
        {
            DescribeBase(concrete, context, polymorphic);
        }
        else if (context.Type.BaseType?.GetCustomAttribute<JsonPolymorphicAttribute>(inherit: false) is { } basePolymorphic)
        {
            DescribeDerived(concrete, context.Type, basePolymorphic);
        }
    }

    private static string PropertyName(JsonPolymorphicAttribute polymorphic) =>
        polymorphic.TypeDiscriminatorPropertyName ?? "$type";

    private static void DescribeBase(OpenApiSchema schema, SchemaFilterContext context, JsonPolymorphicAttribute polymorphic)
    {
        var discriminator = new OpenApiDiscriminator { PropertyName = PropertyName(polymorphic), Mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal) };
        schema.OneOf = [];
        foreach (var derived in context.Type.GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false))
        {
            var reference = context.SchemaGenerator.GenerateSchema(derived.DerivedType, context.SchemaRepository);
            schema.OneOf.Add(reference);
            if (derived.TypeDiscriminator is { } value && reference is OpenApiSchemaReference named)
            {
                discriminator.Mapping[value.ToString()!] = named;
            }
        }

        schema.Discriminator = discriminator;
        schema.Type = null;
        schema.Properties = null;
        schema.Required = null;
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
    }

    private static void DescribeDerived(OpenApiSchema schema, Type type, JsonPolymorphicAttribute basePolymorphic)
    {
        var value = type.BaseType!.GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false)
            .FirstOrDefault(a => a.DerivedType == type)?.TypeDiscriminator?.ToString();
        if (value is null)
        {
            return;
        }

        var name = PropertyName(basePolymorphic);
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            [name] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(value)], Description = "The kind of block." },
        };
        foreach (var (key, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            properties[key] = property;
        }

        schema.Properties = properties;
        schema.Required ??= new HashSet<string>();
        schema.Required.Add(name);
        schema.Required = new SortedSet<string>(schema.Required, StringComparer.Ordinal);
    }
}
