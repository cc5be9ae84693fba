using System.Text;

namespace NewsApi.Parsing;

/// <summary>
/// A comparison key for headlines, used to resolve <c>MORE:</c> teasers to the articles they name.
/// </summary>
public static class HeadlineNormalizer
{
    /// <summary>
    /// Lower-cases (invariant), maps curly and prime quotes to <c>'</c> and <c>"</c> and every dash or minus to
    /// <c>-</c>, turns NBSP-like spaces into spaces, drops soft hyphens and zero-width characters, collapses
    /// whitespace, trims, and strips trailing punctuation (<c>. , ; : ! ? …</c>). Accents are kept: <c>café</c>
    /// and <c>cafe</c> stay different.
    /// </summary>
    /// <param name="headline">A headline as written.</param>
    public static string Normalize(string headline)
    {
        ArgumentNullException.ThrowIfNull(headline);
        var sb = new StringBuilder(headline.Length);
        var pendingSpace = false;
        foreach (var raw in headline)
        {
            var c = raw switch
            {
                '‘' or '’' or '‚' or '‛' or '′' or '`' or '´' => '\'',
                '“' or '”' or '„' or '‟' or '″' or '«' or '»' => '"',
                '‐' or '‑' or '‒' or '–' or '—' or '―' or '−' => '-',
                _ => char.ToLowerInvariant(raw),
            };
            if (c is '\u00AD' or '\u200B' or '\u2060' or '\uFEFF')
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        var end = sb.Length;
        while (end > 0 && (sb[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or '…' or ' '))
        {
            end--;
        }

        return Nfc.Compose(sb.ToString(0, end));
    }
}
