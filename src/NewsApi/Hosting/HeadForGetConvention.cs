using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace NewsApi.Hosting;

/// <summary>
/// Lets every GET action answer HEAD too (attribute routing matches GET only). Kestrel itself drops the body of
/// a HEAD response, so the headers, status and Content-Length are exactly those of the GET.
/// </summary>
internal sealed class HeadForGetConvention : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        foreach (var selector in action.Selectors)
        {
            var methods = selector.EndpointMetadata.OfType<HttpMethodMetadata>().FirstOrDefault();
            if (methods is null || !methods.HttpMethods.Contains(HttpMethods.Get) || methods.HttpMethods.Contains(HttpMethods.Head))
            {
                continue;
            }

            var withHead = methods.HttpMethods.Append(HttpMethods.Head).ToArray();
            selector.EndpointMetadata.Remove(methods);
            selector.EndpointMetadata.Add(new HttpMethodMetadata(withHead));
            var constraint = selector.ActionConstraints.OfType<HttpMethodActionConstraint>().FirstOrDefault();
            if (constraint is not null)
            {
                selector.ActionConstraints.Remove(constraint);
                selector.ActionConstraints.Add(new HttpMethodActionConstraint(withHead));
            }
        }
    }
}
