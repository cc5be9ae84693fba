using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// Describes every error response as what the API really sends: <c>application/problem+json</c>, with
/// the problem type the action declares, or else a <see cref="ValidationProblemDetails"/> for 400 and a <see cref="ProblemDetails"/> for any other 4xx or 5xx.
/// Every controller action can answer 400, because unknown and repeated query parameters are rejected
/// globally (<see cref="RejectUnknownQueryParametersFilter"/>), so a 400 is added where an action does not
/// declare one; and 429, because the rate limiter (<see cref="SecuritySetup"/>) covers every request but the
/// health probes. Each carries an example of the problem the API really sends there (<see cref="ResponseExamples"/>).
/// </summary>
internal sealed class ProblemResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        if (!operation.Responses.ContainsKey("400"))
        {
            operation.Responses["400"] = new OpenApiResponse { Description = "A query parameter is unknown or repeated." };
        }

        operation.Responses["429"] = new OpenApiResponse
        {
            Description = "Too many requests, for one of two reasons the problem's `detail` names. This client went over its " +
                "rate (`NewsApi:ReadRequestsPerSecond`, `NewsApi:WriteRequestsPerMinute`), or the server's queue for this " +
                "class of request is full: reads, searches (any `q`, suggest) and writes each run within their own " +
                "concurrency budget (`NewsApi:MaxConcurrentRequests`, `MaxConcurrentSearches`, `MaxConcurrentWrites`) and " +
                "wait in a queue of at most `NewsApi:MaxQueuedRequests`, so a flood of one class never holds the slots of " +
                "another. Wait `Retry-After` seconds.",
        };

        var template = "/" + context.ApiDescription.RelativePath;
        var queryNames = (operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Query).Select(p => p.Name!).ToList();
        var pagedList = context.ApiDescription.SupportedResponseTypes
            .Any(r => r.Type is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(Contracts.PagedResponse<>));
        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete || !IsError(code))
            {
                continue;
            }

            var type = DeclaredProblemType(context, code) ?? (code == "400" ? typeof(ValidationProblemDetails) : typeof(ProblemDetails));
            var schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository);
            concrete.Content = new Dictionary<string, IOpenApiMediaType>
            {
                [NewsApi.Hosting.ProblemJson.ContentType] = new OpenApiMediaType
                {
                    Schema = schema,
                    Example = ResponseExamples.Problem(int.Parse(code, CultureInfo.InvariantCulture), template, pagedList, queryNames),
                },
            };
            if (code == "400" && concrete.Description == "Bad Request")
            {
                concrete.Description = "A query parameter is unknown or repeated.";
            }
        }
    }

    /// <summary>The problem type an action declares for the status code (a 422 may be a validation problem), if any.</summary>
    private static Type? DeclaredProblemType(OperationFilterContext context, string code) =>
        context.ApiDescription.SupportedResponseTypes
            .Where(r => r.StatusCode.ToString(CultureInfo.InvariantCulture) == code)
            .Select(r => r.Type)
            .FirstOrDefault(t => t is not null && typeof(ProblemDetails).IsAssignableFrom(t));

    private static bool IsError(string code) => code.Length == 3 && code[0] is '4' or '5';
}
