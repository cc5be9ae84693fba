namespace NewsApi.Parsing;

/// <summary>
/// Image captions and credits: recognising a credit attached to a caption or standing on its own line, and
/// splitting a raw credit into agency and photographer.
/// </summary>
/// <remarks>
/// Split rule (documented in docs/source-format.md): a side is <em>agency-like</em> when it is a known agency
/// (REUTERS, AP, AFP, Getty Images, EPA, Splash...), is written in capitals (NASA, BBC), or is several
/// agency-like names joined by <c>/</c>. Then <c>A/B</c> gives the agency-like side as
/// <see cref="Credit.Agency"/> and the other as <see cref="Credit.Photographer"/> (so both
/// <c>REUTERS/Jason Lee</c> and <c>Gerald Herbert/AP</c> split); <c>Name, AGENCY</c> (USA Today) splits the
/// same way; when both sides are agency-like (<c>AP/Reuters</c>) the whole credit is the agency; a credit with
/// no separator is the agency when agency-like (<c>Getty Images</c>); otherwise both parts are null and only
/// <see cref="Credit.Raw"/> is set.
/// </remarks>
public static class CreditParser
{
    private static readonly HashSet<string> KnownAgencies = new(StringComparer.OrdinalIgnoreCase)
    {
        "AP", "Associated Press", "AFP", "Reuters", "EPA", "EPA-EFE", "EFE", "PA", "PA Wire", "PA Images", "PA Media",
        "PA Photos", "Press Association", "Getty", "Getty Images", "Rex", "Rex Features", "Shutterstock", "Alamy", "Alamy Stock Photo",
        "Splash", "Splash News", "Bloomberg", "Xinhua", "Kyodo", "Yonhap", "dpa", "ANSA", "TASS", "Sipa", "Sipa USA",
        "ZUMA", "Zuma Press", "ZUMA Wire", "Polaris", "WireImage", "FilmMagic", "Invision", "Backgrid", "WENN", "SWNS",
        "Corbis", "AAP", "UPI", "NASA", "ESA", "iStock", "iStockphoto", "BBC", "Mercury Press", "Caters", "Barcroft",
        "Barcroft Media", "Instagram", "Twitter", "Facebook", "YouTube", "Handout", "Pool", "Supplied", "Public Domain",
        "Wikimedia Commons", "AP Photo", "Reuters Pictures", "Anadolu", "Anadolu Agency", "NurPhoto", "SOPA Images",
        "LightRocket", "Hulton Archive", "Mirrorpix", "News Licensing", "Solent News", "Ferrari Press",
    };

    private static readonly HashSet<string> CreditLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "Picture", "Pictures", "Photo", "Photos", "Photograph", "Photographs", "Image", "Images", "Credit", "Credits",
        "Photo credit", "Photo credits", "Image credit", "Image credits", "Picture credit", "Picture credits",
        "Photography",
    };

    private const int MaxCreditLength = 120;

    private const int MaxCreditWords = 7;

    /// <summary>Splits a raw credit into agency and photographer following the rule in the remarks.</summary>
    /// <param name="raw">The credit as written, e.g. <c>REUTERS/Jason Lee</c>.</param>
    public static Credit Split(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw.Trim();
        var comma = text.IndexOf(',');
        if (comma > 0 && comma == text.LastIndexOf(','))
        {
            var left = text[..comma].Trim();
            var right = text[(comma + 1)..].Trim();
            if (IsAgencyLike(right) && !IsAgencyLike(left) && LooksLikeName(left))
            {
                return new Credit(raw, right, left);
            }
        }

        var slash = text.IndexOf('/');
        if (slash > 0 && slash == text.LastIndexOf('/') && slash < text.Length - 1)
        {
            var left = text[..slash].Trim();
            var right = text[(slash + 1)..].Trim();
            var leftAgency = IsAgencyLike(left);
            var rightAgency = IsAgencyLike(right);
            if (leftAgency && rightAgency)
            {
                return new Credit(raw, text, null);
            }

            if (leftAgency && LooksLikeName(right))
            {
                return new Credit(raw, left, right);
            }

            if (rightAgency && LooksLikeName(left))
            {
                return new Credit(raw, right, left);
            }

            return new Credit(raw, null, null);
        }

        return IsAgencyLike(text) ? new Credit(raw, text, null) : new Credit(raw, null, null);
    }

    /// <summary>True for a known agency, a name in capitals, or agency-like names joined by <c>/</c>.</summary>
    internal static bool IsAgencyLike(string s)
    {
        var t = s.Trim();
        if (t.Length == 0)
        {
            return false;
        }

        if (t.Contains('/'))
        {
            foreach (var part in t.Split('/'))
            {
                if (!IsAgencyLike(part))
                {
                    return false;
                }
            }

            return true;
        }

        if (t.EndsWith(".com", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^4];
        }

        if (t.StartsWith("via ", StringComparison.OrdinalIgnoreCase))
        {
            t = t[4..].Trim();
        }

        if (KnownAgencies.Contains(t))
        {
            return true;
        }

        var letters = 0;
        var words = 1;
        foreach (var c in t)
        {
            if (char.IsLetter(c))
            {
                if (!char.IsUpper(c))
                {
                    return false;
                }

                letters++;
            }
            else if (c == ' ')
            {
                words++;
            }
        }

        return letters >= 2 && words <= 3;
    }

    private static bool LooksLikeName(string s)
    {
        var t = s.Trim();
        if (t.Length is 0 or > 60)
        {
            return false;
        }

        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 6 && char.IsLetter(t[0]);
    }

    /// <summary>
    /// A credit on a line of its own: <c>Photo: Splash</c>, <c>Photos: Getty Images</c>,
    /// <c>Credit: X View full size image</c> (anything after that phrase is returned as <paramref name="rest"/>),
    /// or a bracketed <c>(Picture: X)</c>. An empty <paramref name="credit"/> means a bare label such as <c>Image:</c>.
    /// </summary>
    internal static bool TryParseCreditLine(string text, out string credit, out string rest)
    {
        credit = string.Empty;
        rest = string.Empty;
        var t = text;
        if (t.Length > 2 && ((t[0] == '(' && t[^1] == ')') || (t[0] == '[' && t[^1] == ']')))
        {
            t = t[1..^1].Trim();
        }

        var colon = t.IndexOf(':');
        if (colon <= 0 || colon > 24 || !CreditLabels.Contains(t[..colon].Trim()))
        {
            return false;
        }

        var value = t[(colon + 1)..].Trim();
        var view = value.IndexOf("View full size image", StringComparison.OrdinalIgnoreCase);
        if (view >= 0)
        {
            rest = value[(view + "View full size image".Length)..].Trim();
            value = value[..view].Trim();
        }

        value = value.TrimEnd('.').Trim();
        // "Photos: Khloe Kardashian Bares Her Butt On Steamy Mexico Trip" is a gallery link, not a credit.
        if (value.Length > MaxCreditLength || value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > MaxCreditWords)
        {
            return false;
        }

        credit = value;
        return true;
    }

    /// <summary>
    /// A caption with its credit at the end: bracketed (<c>(Picture: X)</c>, <c>(Photo: X)</c>, with or without
    /// a space before the bracket, <c>(AFP/Getty)</c>, <c>[Splash]</c>), joined on (<c>... Photograph: X</c>,
    /// <c>... Credit: X</c>) or NBC style (<c>... 2016. Jon Elswick / AP</c>). <paramref name="broken"/> is set for a
    /// credit bracket that is never closed.
    /// </summary>
    internal static bool TrySplitTrailingCredit(string text, out string caption, out string credit, out bool broken)
    {
        caption = text;
        credit = string.Empty;
        broken = false;
        if (text.Length < 3)
        {
            return false;
        }

        return TryBracketed(text, ref caption, ref credit)
            || TryUnclosedBracket(text, ref caption, ref credit, ref broken)
            || TryJoined(text, "Photograph:", 100, ref caption, ref credit)
            || TryJoined(text, " Credit:", 60, ref caption, ref credit)
            || TryNameSlashAgency(text, ref caption, ref credit);
    }

    private static bool TryBracketed(string text, ref string caption, ref string credit)
    {
        var close = text[^1];
        if (close is not (')' or ']'))
        {
            return false;
        }

        var open = close == ')' ? '(' : '[';
        var depth = 0;
        var start = -1;
        var limit = Math.Max(0, text.Length - MaxCreditLength - 20);
        for (var i = text.Length - 1; i >= limit; i--)
        {
            if (text[i] == close)
            {
                depth++;
            }
            else if (text[i] == open && --depth == 0)
            {
                start = i;
                break;
            }
        }

        if (start <= 0)
        {
            return false;
        }

        var inner = text[(start + 1)..^1].Trim();
        var before = text[..start].Trim();
        if (before.Length == 0)
        {
            return false;
        }

        var colon = inner.IndexOf(':');
        if (colon > 0 && CreditLabels.Contains(inner[..colon].Trim()))
        {
            var value = inner[(colon + 1)..].Trim();
            if (value.Length == 0)
            {
                return false;
            }

            caption = before;
            credit = value;
            return true;
        }

        // A bare agency in brackets, (AFP/Getty) or [Splash], only closes a caption-sized line.
        if (colon < 0 && IsKnownAgencyList(inner) && before.Length <= 400 && before.Split(' ').Length >= 3)
        {
            caption = before;
            credit = inner;
            return true;
        }

        return false;
    }

    /// <summary>True when every <c>/</c>-separated part is a known agency: <c>Getty Images</c>, <c>Rex/Splash</c>.</summary>
    internal static bool IsKnownAgencyList(string s)
    {
        foreach (var part in s.Split('/'))
        {
            var p = part.Trim();
            if (p.EndsWith(".com", StringComparison.OrdinalIgnoreCase))
            {
                p = p[..^4];
            }

            if (!KnownAgencies.Contains(p))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryUnclosedBracket(string text, ref string caption, ref string credit, ref bool broken)
    {
        var from = Math.Max(0, text.Length - MaxCreditLength - 20);
        var open = text.LastIndexOf('(', text.Length - 1, text.Length - from);
        if (open <= 0 || text.IndexOf(')', open) >= 0)
        {
            return false;
        }

        var inner = text[(open + 1)..];
        var colon = inner.IndexOf(':');
        if (colon <= 0 || !CreditLabels.Contains(inner[..colon].Trim()))
        {
            return false;
        }

        var before = text[..open].Trim();
        var value = inner[(colon + 1)..].Trim();
        if (before.Length == 0 || value.Length == 0)
        {
            return false;
        }

        caption = before;
        credit = value;
        broken = true;
        return true;
    }

    private static bool TryJoined(string text, string label, int maxCredit, ref string caption, ref string credit)
    {
        var at = text.LastIndexOf(label, StringComparison.Ordinal);
        if (at <= 0 || (label[0] != ' ' && text[at - 1] != ' '))
        {
            return false;
        }

        var value = text[(at + label.Length)..].Trim();
        var before = text[..at].Trim();
        if (value.Length == 0 || value.Length > maxCredit || before.Length == 0 || value.EndsWith('.') || value.Contains(". ", StringComparison.Ordinal))
        {
            return false;
        }

        caption = before;
        credit = value;
        return true;
    }

    private static bool TryNameSlashAgency(string text, ref string caption, ref string credit)
    {
        var slash = text.LastIndexOf('/');
        if (slash <= 0 || text.Length - slash > 40)
        {
            return false;
        }

        var agency = text[(slash + 1)..].Trim();
        if (!IsKnownAgencyList(agency))
        {
            return false;
        }

        var sentenceEnd = text.LastIndexOf(". ", slash, StringComparison.Ordinal);
        if (sentenceEnd <= 0)
        {
            return false;
        }

        var segment = text[(sentenceEnd + 2)..].Trim();
        var name = segment[..segment.LastIndexOf('/')].Trim();
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 4)
        {
            return false;
        }

        foreach (var w in words)
        {
            if (!char.IsUpper(w[0]))
            {
                return false;
            }
        }

        caption = text[..(sentenceEnd + 1)].Trim();
        credit = segment;
        return true;
    }
}
