namespace NewsApi.Articles;

/// <summary>The extra representations <c>include=</c> adds to one article (<c>include=bodyHtml</c>).</summary>
public static class ArticleIncludes
{
    /// <summary>The article's body as safe HTML (<see cref="ArticleBodyHtml"/>), in the <c>bodyHtml</c> property.</summary>
    public const string BodyHtml = "bodyHtml";

    private static readonly string[] Valid = [BodyHtml];

    /// <summary>
    /// The names in <paramref name="include"/> (comma-separated, compared ordinally like <c>fields</c>): empty for none
    /// (absent or empty), or the error to report under <c>errors.include</c>.
    /// </summary>
    public static (IReadOnlySet<string> Names, string? Error) Parse(string? include)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(include))
        {
            return (names, null);
        }

        var unknown = new List<string>();
        foreach (var name in include.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Valid.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
            else
            {
                unknown.Add(name.Length > 64 ? name[..64] + "…" : name);
            }
        }

        return unknown.Count > 0
            ? (names, $"Unknown include{(unknown.Count > 1 ? "s" : "")} '{string.Join("', '", unknown.Take(5))}'. Valid includes: {string.Join(", ", Valid)} (comma-separated).")
            : (names, null);
    }
}
