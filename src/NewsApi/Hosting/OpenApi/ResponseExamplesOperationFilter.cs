using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// Gives each successful JSON response the example of its body type from <see cref="ResponseExamples"/>, written
/// with the JSON options the API answers with, so the example reads exactly like a response.
/// </summary>
internal sealed class ResponseExamplesOperationFilter(IOptions<JsonOptions> json) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var type in context.ApiDescription.SupportedResponseTypes)
        {
            var code = type.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (type.StatusCode is < 200 or > 299 || type.Type is null
                || operation.Responses?.TryGetValue(code, out var response) != true
                || response is not OpenApiResponse { Content: { } content }
                || !content.TryGetValue("application/json", out var media)
                || media is not OpenApiMediaType concrete
                || ResponseExamples.For(type.Type) is not { } example)
            {
                continue;
            }

            concrete.Example = JsonSerializer.SerializeToNode(example, type.Type, json.Value.JsonSerializerOptions);
        }
    }
}
