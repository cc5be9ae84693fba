using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace NewsApi.Hosting;

/// <summary>Turns a <see cref="QueryParameterException"/> from a query service into a 400 validation problem naming the parameter.</summary>
internal sealed class QueryParameterExceptionFilter(ProblemDetailsFactory problems) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not QueryParameterException e)
        {
            return;
        }

        var modelState = new ModelStateDictionary();
        modelState.AddModelError(e.Parameter, e.Message);
        var problem = problems.CreateValidationProblemDetails(context.HttpContext, modelState, StatusCodes.Status400BadRequest);
        context.Result = new BadRequestObjectResult(problem) { ContentTypes = { ProblemJson.ContentType } };
        context.ExceptionHandled = true;
    }
}
