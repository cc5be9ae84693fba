using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// Reads are public (the document's root <c>security</c> is the empty requirement); an action that requires
/// authorization (<c>[Authorize]</c>, the writes) requires the <c>X-Api-Key</c> scheme instead.
/// </summary>
internal sealed class ApiKeySecurityOperationFilter : IOperationFilter
{
    public static OpenApiSecurityScheme Scheme => new()
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = ApiKeyAuthenticationHandler.Header,
        Description = "A key from the `NewsApi:ApiKeys` configuration. Needed for writes only; reads are public.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
            },
        ];
    }
}
