using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace NewsApi.Hosting;

/// <summary>
/// MVC negotiates only the object results it serialises itself, so a client whose <c>Accept</c> rules JSON out got
/// 406 from a list page on a cache miss, 200 on a hit, and 200 from the actions that write their own JSON bytes (an
/// article, a <c>fields=</c> page) or a stored rendition. Now every successful read of a JSON resource answers such a
/// client with the same 406 problem (<see cref="NotAcceptableFilter"/>), and the output cache and the renditions step
/// aside for it (<see cref="StepsAside"/>). Errors keep their own status: a missing article is 404 whatever Accept
/// says. Feeds, the sitemap and JSON-LD answer their one format whatever Accept says: feed readers and crawlers send
/// many variants, and refusing one loses a reader for nothing.
/// </summary>
public static class AcceptNegotiation
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly ConcurrentDictionary<Endpoint, bool> JsonResources = new();

    /// <summary>Whether a cache must leave this request to MVC, which answers it 406.</summary>
    public static bool StepsAside(HttpContext context) =>
        RulesOutJson(context.Request) && context.GetEndpoint() is { } endpoint && JsonResources.GetOrAdd(endpoint, IsJsonResource);

    // An Accept that does not parse rules nothing out: it is MVC's to judge, as before.
    internal static bool RulesOutJson(HttpRequest request) =>
        !string.IsNullOrWhiteSpace(request.Headers.Accept.ToString())
        && MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accept)
        && !accept.Any(range => range.Quality != 0 && Json.IsSubsetOf(range));

    // Not IsSubsetOf: it counts application/ld+json and application/feed+json as application/json.
    internal static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals(Json.MediaType, StringComparison.OrdinalIgnoreCase);

    // A controller action answers JSON unless its 200 response declares another type (feeds, JSON-LD); the action's
    // own declarations win over the controller's, as they do for MVC's formatter selection.
    private static bool IsJsonResource(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not { } action)
        {
            return false;
        }

        var declared = Declared(action.MethodInfo);
        if (declared.Count == 0)
        {
            declared = Declared(action.ControllerTypeInfo);
        }

        return declared.Count == 0 || declared.Any(IsJson);
    }

    private static MediaTypeCollection Declared(MemberInfo member)
    {
        var types = new MediaTypeCollection();
        foreach (var provider in member.GetCustomAttributes(inherit: true).OfType<IApiResponseMetadataProvider>()
            .Where(p => p.StatusCode == StatusCodes.Status200OK))
        {
            provider.SetContentTypes(types);
        }

        return types;
    }
}

/// <summary>The one 406 for a read of a JSON resource whose Accept rules JSON out (see <see cref="AcceptNegotiation"/>).</summary>
internal sealed class NotAcceptableFilter : IResultFilter, IOrderedFilter
{
    // Before ProblemContentTypeFilter, which then sends the problem as problem+json whatever Accept says.
    public int Order => int.MaxValue - 1;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        var request = context.HttpContext.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !AcceptNegotiation.RulesOutJson(request))
        {
            return;
        }

        var jsonSuccess = context.Result switch
        {
            FileResult file => AcceptNegotiation.IsJson(file.ContentType),
            ObjectResult { Value: not ProblemDetails } result => result.StatusCode is null or (>= 200 and < 300),
            _ => false,
        };
        if (jsonSuccess)
        {
            var problem = context.HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>().CreateProblemDetails(
                context.HttpContext,
                StatusCodes.Status406NotAcceptable,
                title: "Not Acceptable",
                detail: "This resource is JSON (application/json), and the request's Accept header rules it out.");
            context.Result = new ObjectResult(problem) { StatusCode = StatusCodes.Status406NotAcceptable };
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
