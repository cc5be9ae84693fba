using System.Reflection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NewsApi.Hosting.OpenApi;

namespace NewsApi.Hosting;

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
                    "Start with [the article list](#/Articles/listArticles), whose description also explains the search " +
                    "syntax. Reads are public; writes need an API key (Authorize). Every response carries `X-Request-Id`; " +
                    "GETs send an `ETag` to revalidate with `If-None-Match`. The machine-readable document is " +
                    "[/swagger/v1/swagger.json](/swagger/v1/swagger.json), and [/health/ready](/health/ready) says whether " +
                    "the service is ready.\n\n" +
                    "An unknown or repeated query parameter is a 400, except `_`, the cache buster some clients add " +
                    "(`?_=1700000000000`), which every GET accepts and ignores. An article id or slug spelt other than " +
                    "canonically (`01`, upper case) is a 308 to its canonical URL.",
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
            // The import summary POST /api/v1/imports answers with is the importer's own record.
            o.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, $"{typeof(Data.Import.ImportSummary).Assembly.GetName().Name}.xml"));
            // A property that is another schema is `allOf: [$ref]`, so it can carry its own description (OpenAPI 3.0
            // ignores everything beside a bare $ref).
            o.UseAllOfToExtendReferenceSchemas();
            o.SupportNonNullableReferenceTypes();
            o.NonNullableReferenceTypesAsRequired();
            o.CustomOperationIds(d => d.ActionDescriptor.RouteValues["action"] is { } action
                ? char.ToLowerInvariant(action[0]) + action[1..]
                : null);
            o.DescribeAllParametersInCamelCase();
            o.OperationFilter<ProblemResponsesOperationFilter>();
            o.OperationFilter<HttpHeadersOperationFilter>();
            o.OperationFilter<ResponseExamplesOperationFilter>();
            o.OperationFilter<DescriptionIndentationOperationFilter>();
            o.OperationFilter<ParameterExamplesOperationFilter>();
            o.OperationFilter<ApiKeySecurityOperationFilter>();
            o.SchemaFilter<ProblemDetailsSchemaFilter>();
            o.SchemaFilter<NullableReferenceSchemaFilter>();
            // BodyBlockResponse: oneOf its [JsonDerivedType]s with a `type` discriminator and mapping.
            o.SchemaFilter<PolymorphicSchemaFilter>();
            o.DocumentFilter<EquivalentPathsDocumentFilter>();
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
                // /swagger/index.html#/Articles/listArticles opens that operation, and the address follows what is open.
                o.EnableDeepLinking();
            });
        });
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], () => Results.Redirect("/swagger")).ExcludeFromDescription();
    }
}
