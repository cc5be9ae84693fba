using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace NewsApi.Hosting;

/// <summary>
/// Errors are always <c>application/problem+json</c>, whatever the request's <c>Accept</c> says (RFC 9110 lets a server
/// ignore <c>Accept</c> for error responses). Without this, <c>Accept: text/plain</c> turned a 404 into a bodiless 406,
/// an unknown route into a <c>text/plain</c> "Status Code: 404", and a 401 into an empty body.
/// </summary>
internal static class ProblemJson
{
    public const string ContentType = "application/problem+json";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue Problem = new(ContentType);

    /// <summary>Whether the framework's own problem writers would write JSON for this request (no or a JSON-friendly <c>Accept</c>).</summary>
    public static bool Accepted(HttpRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Headers.Accept.ToString()))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accept)
            && accept.Any(a => Json.IsSubsetOf(a) || Problem.IsSubsetOf(a));
    }
}

/// <summary>
/// Writes problems (status-code pages, the exception handler, the API-key challenge, the rate limiter) as JSON for
/// requests whose <c>Accept</c> the built-in writers refuse; registered first, it leaves every other request to them.
/// </summary>
internal sealed class AnyAcceptProblemDetailsWriter(
    IOptions<ProblemDetailsOptions> options,
    IOptions<ApiBehaviorOptions> apiBehavior,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => !ProblemJson.Accepted(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ??= http.Response.StatusCode;
        if (apiBehavior.Value.ClientErrorMapping.TryGetValue(status, out var mapping))
        {
            problem.Title ??= mapping.Title;
            problem.Type ??= mapping.Link;
        }

        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, ProblemJson.ContentType, http.RequestAborted));
    }
}
