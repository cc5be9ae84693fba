using System.Globalization;
using NewsApi.Data;

namespace NewsApi.Articles;

/// <summary>
/// What the <c>{idOrSlug}</c> of a URL names, parsed once for every article route and both read paths: a numeric id
/// or a slug, whether it is spelt canonically (no leading zeros, lower case), or nothing any article could have.
/// </summary>
public readonly record struct ArticleKey
{
    private ArticleKey(int? id, string? slug, bool canonical)
    {
        Id = id;
        Slug = slug;
        IsCanonical = canonical;
    }

    /// <summary>The id, when the key is all digits.</summary>
    public int? Id { get; }

    /// <summary>The slug in its canonical (lower-case) form, when the key is not an id.</summary>
    public string? Slug { get; }

    /// <summary>Whether the key is written as the API writes it: an id without leading zeros, a lower-case slug.</summary>
    public bool IsCanonical { get; }

    /// <summary>Whether no article can have this key (too long for a slug, an id beyond <see cref="int.MaxValue"/>).</summary>
    public bool IsImpossible => Id is null && Slug is null;

    public static ArticleKey Parse(string idOrSlug)
    {
        if (idOrSlug.Length > 0 && !idOrSlug.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return int.TryParse(idOrSlug, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new ArticleKey(id, null, idOrSlug[0] != '0')
                : default;
        }

        // Room for the numeric suffix that makes a repeated headline's slug unique.
        if (idOrSlug.Length > Slugs.MaxLength + 12)
        {
            return default;
        }

        // Runs on every article read: a key that is already lower case (the usual one) is used as it is.
        if (!idOrSlug.AsSpan().ContainsAnyInRange('A', 'Z'))
        {
            return new ArticleKey(null, idOrSlug, true);
        }

        // Slugs are lower-case ASCII; only ASCII letters are folded, so no other character (the Kelvin sign, a dotted
        // capital I) can pass for one.
        var slug = string.Create(idOrSlug.Length, idOrSlug, (span, key) =>
        {
            for (var i = 0; i < key.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(key[i]) ? (char)(key[i] | 0x20) : key[i];
            }
        });
        return new ArticleKey(null, slug, false);
    }

    /// <summary>The canonical spelling of the article's key: its id in plain digits, or its slug as stored.</summary>
    public static string Canonical(int id, string slug, ArticleKey asked) =>
        asked.Id is not null ? id.ToString(CultureInfo.InvariantCulture) : slug;
}
