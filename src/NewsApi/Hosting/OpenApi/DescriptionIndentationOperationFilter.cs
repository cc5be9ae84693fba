using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// A <c>&lt;remarks&gt;</c> whose text starts on the tag's own line keeps the source indentation on its
/// later lines, which Markdown renders as a code block. This removes the indentation those lines share.
/// </summary>
internal sealed class DescriptionIndentationOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Description = Dedent(operation.Description);
    }

    internal static string? Dedent(string? text)
    {
        if (text is null || !text.Contains('\n', StringComparison.Ordinal))
        {
            return text;
        }

        var lines = text.Split('\n');
        var indent = lines.Skip(1)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => l.Length - l.TrimStart(' ').Length)
            .DefaultIfEmpty(0)
            .Min();
        for (var i = 1; i < lines.Length; i++)
        {
            lines[i] = lines[i].Length >= indent ? lines[i][indent..] : lines[i].TrimStart(' ');
        }

        return string.Join('\n', lines).Trim();
    }
}
