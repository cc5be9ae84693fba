using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace NewsApi.Hosting;

public static class ApiSetup
{
    public const string CorsPolicy = "PublicRead";

    public static void AddApi(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;

            // Kestrel binds only endpoints from its configuration section, not limits (dotnet/aspnetcore#4765):
            // without this, Kestrel:Limits in appsettings.json had no effect (a 30 MB body limit instead of 1 MB).
            builder.Configuration.GetSection("Kestrel:Limits").Bind(k.Limits);
        });

        builder.Services.AddControllers(o =>
            {
                o.Conventions.Add(new HeadForGetConvention());
                o.Filters.Add<RejectUnknownQueryParametersFilter>();
                o.Filters.Add<QueryParameterExceptionFilter>();
                o.Filters.Add(new NotAcceptableFilter());
                o.Filters.Add(new ProblemContentTypeFilter());
                o.ModelMetadataDetailsProviders.Add(new CamelCaseQueryNamesProvider());
                o.ReturnHttpNotAcceptable = true;
            })
            .AddJsonOptions(o => ConfigureJson(o.JsonSerializerOptions));

        builder.Services.AddExceptionHandler<StoreExceptionHandler>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;

            // Status-code pages (no route, wrong method) have no detail of their own.
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => "Nothing is at this path.",
                StatusCodes.Status405MethodNotAllowed => $"{c.HttpContext.Request.Method} is not allowed here; the Allow header lists the methods that are.",
                _ => null,
            };
        });

        // First in line: problems are JSON even for an Accept the built-in writers refuse (see ProblemJson).
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, AnyAcceptProblemDetailsWriter>());

        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<NewsApiOptions>>((o, api) => o.AddPolicy(CorsPolicy, policy =>
        {
            var origins = api.Value.CorsOrigins;
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(origins);
            }

            policy.WithMethods("GET", "HEAD")
                .WithHeaders("If-None-Match", "If-Modified-Since", "X-Request-Id", "Content-Type")
                .WithExposedHeaders("X-Total-Count", "Link", "ETag", "Last-Modified", "X-Request-Id", "Retry-After");
        }));
    }

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        // What MVC's formatter uses when no encoder is set ("é" stays "é"), set here so every serialiser of a
        // response (MVC, ArticleRepresentation, problem writers) makes the same bytes.
        json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        json.Converters.Add(new UtcDateTimeOffsetConverter());
    }

    public static void UseApiErrors(this WebApplication app)
    {
        // Unhandled exceptions become a bare 500 problem: no stack trace, SQL or path leaves the process.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }

    public static void MapApi(this WebApplication app)
    {
        app.MapControllers().RequireCors(CorsPolicy);
    }
}

/// <summary>Writes every time as ISO 8601 UTC with a <c>Z</c>.</summary>
internal sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
