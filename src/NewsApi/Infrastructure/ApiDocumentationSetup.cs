using System.Reflection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NewsApi.Infrastructure.OpenApi;
using NewsApi.Options;

namespace NewsApi.Infrastructure;

public static class ApiDocumentationSetup
{
    public const string DocumentName = "v1";

    public static void AddApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            // Every GET also answers HEAD (HeadForGetConvention); documenting both would duplicate each operation.
            o.DocInclusionPredicate((_, api) => api.HttpMethod != HttpMethods.Head);
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "NewsApi",
                Version = "v1",
                Description = "News articles parsed from plain-text source files: structured bodies in reading order, " +
                    "images with captions and parsed credits, related-link teasers resolved to the articles they name, " +
                    "full-text search, and provenance back to the source file and line.\n\n" +
                    "An unknown or repeated query parameter is a 400, except `_`, the cache buster some clients add " +
                    "(`?_=1700000000000`), which every GET accepts and ignores. An article id or slug spelt other than " +
                    "canonically (`01`, upper case) is a 308 to its canonical URL. See docs/http.md.",
                License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/licenses/MIT") },
            });
            // Relative: Swagger UI and clients call the host that served the document.
            o.AddServer(new OpenApiServer { Url = "/", Description = "The host serving this document" });
            // Reads are public: the empty requirement says no credentials are needed. Writes require an API key
            // (ApiKeySecurityOperationFilter).
            o.AddSecurityRequirement(_ => new OpenApiSecurityRequirement());
            o.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, ApiKeySecurityOperationFilter.Scheme);
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            o.IncludeXmlComments(xml, includeControllerXmlComments: true);
            o.SupportNonNullableReferenceTypes();
            o.NonNullableReferenceTypesAsRequired();
            o.CustomOperationIds(d => d.ActionDescriptor.RouteValues["action"] is { } action
                ? char.ToLowerInvariant(action[0]) + action[1..]
                : null);
            o.DescribeAllParametersInCamelCase();
            o.OperationFilter<ProblemResponsesOperationFilter>();
            o.OperationFilter<DescriptionIndentationOperationFilter>();
            o.OperationFilter<ParameterExamplesOperationFilter>();
            o.OperationFilter<ApiKeySecurityOperationFilter>();
            o.SchemaFilter<ProblemDetailsSchemaFilter>();
            // BodyBlockResponse: oneOf its [JsonDerivedType]s with a `type` discriminator and mapping.
            o.SchemaFilter<PolymorphicSchemaFilter>();
            o.DocumentFilter<EquivalentPathsDocumentFilter>();
            o.DocumentFilter<HealthEndpointsDocumentFilter>();
        });
    }

    public static void UseApiDocumentation(this WebApplication app)
    {
        var enabled = app.Services.GetRequiredService<IOptions<NewsApiOptions>>().Value.EnableSwagger;
        if (!enabled)
        {
            return;
        }

        // A branch, so API requests do not pass through Swagger's two middlewares and their path matching.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/swagger"), swagger =>
        {
            swagger.UseSwagger();
            swagger.UseSwaggerUI(o =>
            {
                o.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "NewsApi v1");
                o.DocumentTitle = "NewsApi";
                o.DisplayOperationId();
            });
        });
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
    }
}
