namespace NewsApi.Parsing;

/// <summary>A teaser found in a line: its normalised marker and headline (empty for a header line such as <c>Read more:</c>).</summary>
internal readonly record struct Teaser(string Marker, string Headline);

/// <summary>
/// Related-link teasers: <c>MORE: headline</c>, <c>MORE : headline</c>, <c>Related article: ...</c> and the like,
/// including several flattened onto one line (<c>... MORE : A MORE : B</c>).
/// </summary>
internal static class TeaserParser
{
    // Upper case, single spaces; matched case-insensitively at the start of a line and only in capitals mid-line.
    private static readonly HashSet<string> Markers = new(StringComparer.Ordinal)
    {
        "MORE", "READ MORE", "READ ALSO", "ALSO READ", "RELATED", "RELATED ARTICLE", "RELATED ARTICLES",
        "RELATED STORY", "RELATED STORIES", "SEE ALSO", "ALSO SEE", "WATCH", "READ NEXT",
    };

    private const int MaxMarkerLength = 16;

    public const int MaxHeadlineLength = 300;

    /// <summary>
    /// Parses a line made of teasers, optionally after a lead-in (<paramref name="prefix"/>) that ends a sentence,
    /// as in Metro's footer <c>... check our news page. MORE : A MORE : B</c>.
    /// </summary>
    public static bool TryParse(string text, out string prefix, out List<Teaser> teasers)
    {
        prefix = string.Empty;
        teasers = [];
        // A header in capitals without its colon, as Glamour prints "READ NEXT".
        if (text.Length <= MaxMarkerLength && Markers.Contains(text) && text.Contains(' '))
        {
            teasers.Add(new Teaser(text, string.Empty));
            return true;
        }

        var hits = FindMarkers(text);
        if (hits.Count == 0)
        {
            return false;
        }

        var first = hits[0];
        if (first.Start > 0)
        {
            var lead = text[..first.Start].Trim();
            if (lead.Length == 0 || lead[^1] is not ('.' or '!' or '?' or '…'))
            {
                return false;
            }

            prefix = lead;
        }

        for (var h = 0; h < hits.Count; h++)
        {
            var end = h + 1 < hits.Count ? hits[h + 1].Start : text.Length;
            var headline = text[hits[h].End..end].Trim();
            if (headline.Length > MaxHeadlineLength)
            {
                teasers.Clear();
                prefix = string.Empty;
                return false;
            }

            // "MORE : MORE : B" leaves an empty piece between markers; only a lone marker is a header.
            if (headline.Length > 0 || hits.Count == 1)
            {
                teasers.Add(new Teaser(hits[h].Marker, headline));
            }
        }

        // Only markers and no headlines ("WATCH:MORE:"): a header for whatever follows.
        if (teasers.Count == 0)
        {
            teasers.Add(new Teaser(hits[^1].Marker, string.Empty));
        }

        return true;
    }

    private readonly record struct Hit(int Start, int End, string Marker);

    // Every ':' is a candidate: look back over at most two words for a marker. Bounded work per colon keeps
    // this linear even for a 10 MB line of teasers.
    private static List<Hit> FindMarkers(string text)
    {
        var hits = new List<Hit>(0);
        var colon = text.IndexOf(':');
        while (colon >= 0)
        {
            if (TryMarkerBefore(text, colon, out var hit))
            {
                hits.Add(hit);
            }

            colon = colon + 1 < text.Length ? text.IndexOf(':', colon + 1) : -1;
        }

        return hits;
    }

    private static bool TryMarkerBefore(string text, int colon, out Hit hit)
    {
        hit = default;
        var end = colon;
        while (end > 0 && text[end - 1] == ' ')
        {
            end--;
        }

        var lastWord = WordStart(text, end);
        if (lastWord == end)
        {
            return false;
        }

        // Two-word markers first, so "READ MORE" wins over "MORE".
        if (lastWord > 1 && text[lastWord - 1] == ' ')
        {
            var firstWord = WordStart(text, lastWord - 1);
            if (firstWord < lastWord - 1 && IsMarker(text, firstWord, end, out var twoWords))
            {
                hit = new Hit(firstWord, colon + 1, twoWords);
                return true;
            }
        }

        if (IsMarker(text, lastWord, end, out var oneWord))
        {
            hit = new Hit(lastWord, colon + 1, oneWord);
            return true;
        }

        return false;
    }

    private static int WordStart(string text, int end)
    {
        var start = end;
        while (start > 0 && char.IsLetter(text[start - 1]) && end - start <= MaxMarkerLength)
        {
            start--;
        }

        return start;
    }

    // Mid-line a marker must be in capitals and start a word; at the start of the line any case will do.
    private static bool IsMarker(string text, int start, int end, out string marker)
    {
        marker = string.Empty;
        if (end - start > MaxMarkerLength || (start > 0 && char.IsLetterOrDigit(text[start - 1])))
        {
            return false;
        }

        var candidate = text.AsSpan(start, end - start);
        if (start > 0 && !IsUpper(candidate))
        {
            return false;
        }

        Span<char> upper = stackalloc char[MaxMarkerLength];
        var length = candidate.ToUpperInvariant(upper);
        var key = upper[..length].ToString();
        if (!Markers.Contains(key))
        {
            return false;
        }

        marker = key;
        return true;
    }

    private static bool IsUpper(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (char.IsLetter(c) && !char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }
}
