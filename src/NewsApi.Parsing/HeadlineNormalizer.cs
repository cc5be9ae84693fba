using System.Globalization;
using System.Text;

namespace NewsApi.Parsing;

/// <summary>
/// Folds a headline into a form in which a teaser (<c>MORE: ...</c>) and the article it names compare equal,
/// whatever quotes, dashes, case, spacing or trailing punctuation either uses.
/// </summary>
public static class HeadlineNormalizer
{
    /// <summary>Returns the normalised form of <paramref name="headline"/>: lower case, accents kept, quotes and dashes unified, whitespace collapsed, trailing punctuation dropped.</summary>
    /// <param name="headline">A headline as written.</param>
    public static string Normalize(string headline)
    {
        ArgumentNullException.ThrowIfNull(headline);
        var sb = new StringBuilder(headline.Length);
        var pendingSpace = false;
        foreach (var raw in headline.Normalize(NormalizationForm.FormC))
        {
            var c = raw switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '`' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' => '"',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                _ => raw,
            };
            if (char.IsWhiteSpace(c) || c == '\u00AD')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }

        // Teasers often drop or add a final full stop, ellipsis or exclamation mark.
        var end = sb.Length;
        while (end > 0 && sb[end - 1] is '.' or '!' or '?' or '\u2026' or ':' or ';' or ',')
        {
            end--;
        }

        return sb.ToString(0, end).TrimEnd();
    }
}
