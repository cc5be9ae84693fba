using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// OpenAPI treats <c>/articles/{idOrSlug}</c> and <c>/articles/{id}</c> as the same path and forbids both
/// (routes in different controllers may name their parameter differently). This merges such paths into the
/// first one, renaming the path parameters of the moved operations to its names; each operation keeps its own
/// parameter schema and description (a write that takes only a numeric id still says so).
/// </summary>
internal sealed partial class EquivalentPathsDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var groups = swaggerDoc.Paths.Keys
            .GroupBy(path => Parameter().Replace(path, "{}"), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToList();
        if (groups.Count == 0)
        {
            return;
        }

        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var canonical = group.First();
            var names = Names(canonical);
            if (swaggerDoc.Paths[canonical] is not OpenApiPathItem target)
            {
                continue;
            }

            foreach (var other in group.Skip(1))
            {
                if (swaggerDoc.Paths[other] is not OpenApiPathItem source
                    || source.Operations is null
                    || source.Operations.Keys.Any(m => target.Operations?.ContainsKey(m) == true))
                {
                    continue;
                }

                var renames = Names(other).Zip(names).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
                foreach (var (method, operation) in source.Operations)
                {
                    foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
                    {
                        if (parameter.In == ParameterLocation.Path && parameter.Name is { } name && renames.TryGetValue(name, out var renamed))
                        {
                            parameter.Name = renamed;
                        }
                    }

                    target.AddOperation(method, operation);
                }

                removed.Add(other);
            }
        }

        // Rebuilt rather than removed from, so that paths added later (health probes) go at the end.
        var paths = new OpenApiPaths();
        foreach (var (path, item) in swaggerDoc.Paths.Where(p => !removed.Contains(p.Key)))
        {
            paths.Add(path, item);
        }

        swaggerDoc.Paths = paths;
    }

    private static List<string> Names(string path) => [.. Parameter().Matches(path).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();
}
