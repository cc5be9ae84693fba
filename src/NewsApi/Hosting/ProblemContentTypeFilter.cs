using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace NewsApi.Hosting;

/// <summary>
/// <c>[Produces("application/json")]</c> on a controller rewrites the content type of every object result, problems
/// included, so an automatic model-validation 400 would go out as <c>application/json</c>. Running last, this puts
/// <c>application/problem+json</c> back on any problem, and sends it as JSON even when <c>Accept</c> asks for something else.
/// </summary>
internal sealed class ProblemContentTypeFilter : IResultFilter, IOrderedFilter
{
    public int Order => int.MaxValue;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails problem } result)
        {
            if (!ProblemJson.Accepted(context.HttpContext.Request))
            {
                // Content negotiation would turn the problem into a bodiless 406; a problem is JSON whatever Accept says.
                context.Result = new JsonResult(problem) { StatusCode = result.StatusCode ?? problem.Status, ContentType = ProblemJson.ContentType };
                return;
            }

            result.ContentTypes.Clear();
            result.ContentTypes.Add(ProblemJson.ContentType);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
