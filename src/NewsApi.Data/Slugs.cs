using System.Globalization;
using System.Text;

namespace NewsApi.Data;

/// <summary>URL slugs made from headlines.</summary>
public static class Slugs
{
    public const int MaxLength = 80;

    /// <summary>
    /// Lower-case ASCII words joined by hyphens. Never all digits, because
    /// <c>/articles/{idOrSlug}</c> reads an all-digit segment as an id.
    /// </summary>
    public static string FromHeadline(string headline)
    {
        var sb = new StringBuilder(Math.Min(headline.Length, MaxLength + 16));
        var hyphen = false;
        foreach (var c in headline.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '\u2019')
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (hyphen && sb.Length > 0)
                {
                    sb.Append('-');
                }

                hyphen = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                hyphen = true;
            }

            if (sb.Length >= MaxLength)
            {
                break;
            }
        }

        var slug = sb.ToString();
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength];
        }

        // Cut at a word boundary when the headline was too long for one slug.
        if (sb.Length >= MaxLength && slug.LastIndexOf('-') is var cut and > MaxLength / 2)
        {
            slug = slug[..cut];
        }

        slug = slug.Trim('-');
        if (slug.Length == 0)
        {
            return "article";
        }

        return slug.All(char.IsAsciiDigit) ? "article-" + slug : slug;
    }

    /// <summary>The slug for <paramref name="headline"/>, suffixed <c>-2</c>, <c>-3</c>... until it is not in <paramref name="taken"/>.</summary>
    public static string Unique(string headline, ISet<string> taken)
    {
        var slug = FromHeadline(headline);
        if (taken.Add(slug))
        {
            return slug;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{slug}-{n}";
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
