namespace NewsApi.Search;

/// <summary>
/// SQL <c>LIKE</c> patterns for user text, with <c>\</c> as the escape character (pass <c>"\\"</c> to
/// <c>EF.Functions.Like</c> or write <c>ESCAPE '\'</c>), so <c>%</c> and <c>_</c> typed by a user match themselves.
/// </summary>
public static class LikePatterns
{
    public static string Contains(string text) => "%" + StartsWith(text);

    public static string StartsWith(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
