using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NewsApi.Articles;

/// <summary>
/// The top-level properties a client asked for with <c>fields=id,title,leadImage</c> (like WordPress's <c>_fields</c>
/// or Ghost's <c>fields</c>). Names are the JSON names of the item (camelCase, compared ordinally); dotted names
/// (<c>leadImage.caption</c>) are not supported: a nested object comes whole or not at all.
/// </summary>
public sealed class FieldSelection
{
    private readonly HashSet<string> _names;

    private FieldSelection(HashSet<string> names) => _names = names;

    /// <summary>
    /// The selection <paramref name="fields"/> names for items of type <typeparamref name="T"/>: null for none (absent
    /// or empty, as an empty form field sends), or the error to report under <c>errors.fields</c>.
    /// </summary>
    public static (FieldSelection? Selection, string? Error) Parse<T>(string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return (null, null);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var name in fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (NamesOf<T>.Set.Contains(name))
            {
                names.Add(name);
            }
            else
            {
                unknown.Add(name.Length > 64 ? name[..64] + "…" : name);
            }
        }

        if (unknown.Count > 0 || names.Count == 0)
        {
            var what = unknown.Count > 0 ? $"Unknown field{(unknown.Count > 1 ? "s" : "")} '{string.Join("', '", unknown.Take(5))}'" : "No field named";
            return (null, $"{what}. Valid fields: {string.Join(", ", NamesOf<T>.List)} (top-level names only, comma-separated).");
        }

        return (new FieldSelection(names), null);
    }

    /// <summary>Whether the property with this JSON name is selected.</summary>
    public bool Contains(string name) => _names.Contains(name);

    /// <summary>This selection and the property <paramref name="name"/>.</summary>
    public FieldSelection With(string name) => new(new HashSet<string>(_names, StringComparer.Ordinal) { name });

    /// <summary>Removes from <paramref name="item"/> every property not selected.</summary>
    public void Trim(JsonObject item)
    {
        foreach (var name in item.Select(p => p.Key).Where(k => !_names.Contains(k)).ToList())
        {
            item.Remove(name);
        }
    }

    /// <summary>The JSON names of <typeparamref name="T"/>'s properties in declaration order, as the serializer writes them.</summary>
    private static class NamesOf<T>
    {
        public static readonly IReadOnlyList<string> List = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToList();

        public static readonly HashSet<string> Set = new(List, StringComparer.Ordinal);
    }
}
