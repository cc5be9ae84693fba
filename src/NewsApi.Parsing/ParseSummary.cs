using System.Globalization;
using System.Text;

namespace NewsApi.Parsing;

/// <summary>
/// One tab-separated line per file for the <c>check</c> command: deterministic, so that two runs over the same
/// folder can be diffed.
/// </summary>
public static class ParseSummary
{
    /// <summary>The longest headline shown; longer ones are cut and end in <c>…</c>.</summary>
    public const int MaxHeadlineLength = 80;

    /// <summary>The column names, tab-separated, matching <see cref="FormatLine"/>.</summary>
    public static string Header { get; } =
        "path\tstatus\tencoding\tline_endings\theadline\tparagraphs\timages\tcredits\tteasers\tboilerplate\tdiagnostics";

    /// <summary>
    /// Formats one file: path, <c>ok</c> or <c>skipped</c> (no article), encoding, line endings, headline (cut to
    /// <see cref="MaxHeadlineLength"/> characters), counts of paragraphs, images, credits, teasers and boilerplate
    /// lines, and the diagnostic codes sorted ordinally with their counts (<c>encoding-fallback:1,no-body:1</c>).
    /// Absent values are <c>-</c>; tabs and line breaks inside values become spaces.
    /// </summary>
    /// <param name="relativePath">The file's path relative to the articles folder.</param>
    /// <param name="r">The parse result.</param>
    public static string FormatLine(string relativePath, ParseResult r)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(r);
        var a = r.Article;
        var codes = r.Diagnostics
            .GroupBy(d => d.Code, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}:{g.Count()}"));
        var diagnostics = string.Join(',', codes);
        string[] fields =
        [
            Field(relativePath),
            a is null ? "skipped" : "ok",
            Field(r.Source.Encoding),
            Field(r.Source.LineEndings),
            a is null ? "-" : Field(Truncate(a.Headline)),
            Count(a?.Paragraphs.Count()),
            Count(a?.Images.Count()),
            Count(a?.Images.Count(i => i.Credit is not null)),
            Count(a?.RelatedLinks.Count()),
            Count(a?.Boilerplate.Count),
            diagnostics.Length == 0 ? "-" : diagnostics,
        ];
        return string.Join('\t', fields);
    }

    private static string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Field(string value)
    {
        if (value.Length == 0)
        {
            return "-";
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(c is '\t' or '\r' or '\n' ? ' ' : c);
        }

        return sb.ToString();
    }

    private static string Truncate(string headline)
    {
        if (headline.Length <= MaxHeadlineLength)
        {
            return headline;
        }

        var cut = MaxHeadlineLength - 1;
        if (char.IsHighSurrogate(headline[cut - 1]))
        {
            cut--;
        }

        return headline[..cut].TrimEnd() + "…";
    }
}
