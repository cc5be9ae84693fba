using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace NewsApi.Hosting;

/// <summary>
/// A misspelt query parameter (<c>pagesize</c> for <c>pageSize</c> is fine, <c>page_size</c> is not) would
/// otherwise be ignored silently and the caller would get a default they did not ask for. Unknown and
/// repeated parameters are a 400 naming them, except <see cref="CacheBuster"/>; so is a value with a NUL character.
/// </summary>
internal sealed class RejectUnknownQueryParametersFilter(ProblemDetailsFactory problems) : IActionFilter
{
    /// <summary>
    /// The parameter jQuery (<c>cache: false</c>) and other clients add to defeat browser caches
    /// (<c>?_=1700000000000</c>): accepted and ignored on every GET, and left out of output-cache keys and links.
    /// </summary>
    public const string CacheBuster = "_";

    public void OnActionExecuting(ActionExecutingContext context)
    {
        var known = KnownNames(context.ActionDescriptor.Parameters);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in context.HttpContext.Request.Query)
        {
            if (key == CacheBuster)
            {
                continue;
            }

            if (!known.Contains(key))
            {
                errors[key] = [$"Unknown query parameter '{Truncate(key)}'. Known: {string.Join(", ", known.Order(StringComparer.Ordinal))}."];
            }
            else if (values.Count > 1)
            {
                errors[key] = [$"Query parameter '{key}' is given {values.Count} times; give it once."];
            }
            else if (values.ToString().Contains('\0', StringComparison.Ordinal))
            {
                // No text the API holds can contain one (imports drop it), and PostgreSQL refuses it in any text parameter.
                errors[key] = [$"Query parameter '{key}' contains a NUL character (%00), which no value may contain."];
            }
        }

        if (errors.Count > 0)
        {
            var modelState = new ModelStateDictionary();
            foreach (var (key, messages) in errors)
            {
                modelState.AddModelError(Truncate(key), messages[0]);
            }

            var problem = problems.CreateValidationProblemDetails(context.HttpContext, modelState, 400,
                detail: "The request has unknown, repeated or unusable query parameters.");
            context.Result = new BadRequestObjectResult(problem) { ContentTypes = { ProblemJson.ContentType } };
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }

    private static string Truncate(string key) => key.Length <= 64 ? key : key[..64] + "…";

    private static HashSet<string> KnownNames(IEnumerable<Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor> parameters)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in parameters)
        {
            var source = p.BindingInfo?.BindingSource;
            if (source is not null && source != BindingSource.Query && source != BindingSource.ModelBinding)
            {
                continue;
            }

            if (p.ParameterType.IsClass && p.ParameterType != typeof(string))
            {
                foreach (var property in p.ParameterType.GetProperties())
                {
                    var attribute = property.GetCustomAttributes(typeof(FromQueryAttribute), true).OfType<FromQueryAttribute>().FirstOrDefault();
                    names.Add(attribute?.Name ?? CamelCaseQueryNamesProvider.CamelCase(property.Name));
                }
            }
            else
            {
                names.Add(p.BindingInfo?.BinderModelName ?? p.Name);
            }
        }

        return names;
    }
}
