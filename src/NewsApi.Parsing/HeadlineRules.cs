namespace NewsApi.Parsing;

/// <summary>
/// Whether the first line is a headline. Files without a title (body-only extractions, separate title files)
/// must not have their first paragraph promoted, so a headline has to look like one: at most
/// <see cref="MaxLength"/> characters, not a URL, caption, teaser or boilerplate, not ending like a sentence, and
/// followed by a blank line, a URL line or the end of the file.
/// </summary>
internal static class HeadlineRules
{
    public const int MaxLength = 200;

    public static bool TryAccept(CleanLine line, CleanLine? next, out string headline, out string reason)
    {
        headline = UnwrapCsvQuotes(line.Text);
        reason = string.Empty;
        if (headline.Length > MaxLength)
        {
            reason = $"it is {headline.Length} characters long (a headline has at most {MaxLength})";
        }
        else if (BoilerplateRules.IsUrl(headline))
        {
            reason = "it is a URL";
        }
        else if (line.IsEmphasised || BoilerplateRules.Classify(headline) is not null || headline == "@highlight")
        {
            reason = "it is a caption or page furniture";
        }
        else if (TeaserParser.TryParse(headline, out _, out _))
        {
            reason = "it is a related-link teaser";
        }
        else if (EndsLikeSentence(headline))
        {
            reason = "it ends like a sentence";
        }
        else if (headline[^1] == ':' || !headline.Contains(' '))
        {
            reason = "it is a single word or a label";
        }
        else if (LooksLikeBylineOrDate(headline))
        {
            reason = "it is a byline or a date line";
        }
        else if (next is not null && !next.IsBlank && !BoilerplateRules.IsUrl(next.Text))
        {
            reason = "the next line continues without a blank line, as a body paragraph would";
        }

        return reason.Length == 0;
    }

    // Body-only extractions often start with the byline or a time stamp: "By Lisa Be LifeBuzz Staff ...",
    // "Stevie Martin | Staff Writer | Tuesday, 25 November 2014", "Updated Dec. 25 at 3:53 pm E.T.".
    private static bool LooksLikeBylineOrDate(string s)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["By ", "Updated ", "Published ", "Posted ", "Last updated "])
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        if (!s.Contains(" | ", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var role in (ReadOnlySpan<string>)["Writer", "Editor", "Staff", "Reporter", "Correspondent", "Contributor"])
        {
            if (s.Contains(role, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Allow "U.S." and "..." at the end of a title; a plain final full stop (even inside closing quotes)
    // marks running text.
    private static bool EndsLikeSentence(string s)
    {
        var t = s.TrimEnd('"', '”', '’', '\'', ')');
        if (t.Length == 0 || t[^1] != '.')
        {
            return false;
        }

        if (t.EndsWith("...", StringComparison.Ordinal))
        {
            return false;
        }

        return !(t.Length >= 4 && char.IsUpper(t[^2]) && t[^3] == '.' && char.IsUpper(t[^4]));
    }

    /// <summary>Removes CSV-style quoting (<c>"He said ""no"""</c>) only when the whole line is one quoted field.</summary>
    public static string UnwrapCsvQuotes(string s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"')
        {
            return s;
        }

        var inner = s[1..^1];
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"')
            {
                if (i + 1 < inner.Length && inner[i + 1] == '"')
                {
                    i++;
                }
                else
                {
                    return s; // a lone quote inside: not one CSV field.
                }
            }
        }

        var unwrapped = inner.Replace("\"\"", "\"", StringComparison.Ordinal).Trim();
        return unwrapped.Length == 0 ? s : unwrapped;
    }
}
