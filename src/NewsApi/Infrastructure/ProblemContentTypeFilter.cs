using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace NewsApi.Infrastructure;

/// <summary>
/// <c>[Produces("application/json")]</c> on a controller rewrites the content type of every object result, problems
/// included, so an automatic model-validation 400 would go out as <c>application/json</c>. Running last, this puts
/// <c>application/problem+json</c> back on any problem.
/// </summary>
internal sealed class ProblemContentTypeFilter : IResultFilter, IOrderedFilter
{
    public int Order => int.MaxValue;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails } result)
        {
            result.ContentTypes.Clear();
            result.ContentTypes.Add("application/problem+json");
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
