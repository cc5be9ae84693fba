using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsApi.Parsing;

/// <summary>
/// Bylines, date lines and datelines in an article's header region: the run of lines straight after the headline
/// (and source URL), before the first line that is anything else. Only that run is looked at, so a sentence in the
/// body that starts with "By" stays a paragraph.
/// </summary>
internal static partial class HeaderMetadata
{
    /// <summary>At most this many header lines are taken as metadata; a listing page with many bylines keeps the rest.</summary>
    public const int MaxHeaderLines = 4;

    private const int MaxNameLength = 60;

    private static readonly HashSet<string> NameConnectors = new(StringComparer.Ordinal) { "and", "for", "of", "de", "van", "von", "der", "da", "la", "le", "in", "&", "|", "bin", "al" };

    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1,
        ["january"] = 1,
        ["feb"] = 2,
        ["february"] = 2,
        ["mar"] = 3,
        ["march"] = 3,
        ["apr"] = 4,
        ["april"] = 4,
        ["may"] = 5,
        ["jun"] = 6,
        ["june"] = 6,
        ["jul"] = 7,
        ["july"] = 7,
        ["aug"] = 8,
        ["august"] = 8,
        ["sep"] = 9,
        ["sept"] = 9,
        ["september"] = 9,
        ["oct"] = 10,
        ["october"] = 10,
        ["nov"] = 11,
        ["november"] = 11,
        ["dec"] = 12,
        ["december"] = 12,
    };

    private static readonly HashSet<string> Weekdays = new(StringComparer.OrdinalIgnoreCase)
    {
        "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
    };

    private static readonly HashSet<string> DatePrefixes = new(StringComparer.OrdinalIgnoreCase) { "updated", "published", "posted", "last", "on", "at" };

    /// <summary>Fixed-offset zones, in hours from UTC.</summary>
    internal static readonly IReadOnlyDictionary<string, int> FixedZones = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = 0,
        ["GMT"] = 0,
        ["Z"] = 0,
        ["BST"] = 1,
        ["CET"] = 1,
        ["CEST"] = 2,
        ["EST"] = -5,
        ["EDT"] = -4,
        ["CST"] = -6,
        ["CDT"] = -5,
        ["MST"] = -7,
        ["MDT"] = -6,
        ["PST"] = -8,
        ["PDT"] = -7,
    };

    /// <summary>US zones named without standard/daylight, resolved by the US daylight-saving rule (since 2007): standard offsets.</summary>
    internal static readonly IReadOnlyDictionary<string, int> UsZones = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["ET"] = -5,
        ["CT"] = -6,
        ["MT"] = -7,
        ["PT"] = -8,
    };

    public sealed record Found(string? Byline, DateTimeOffset? PublishedAt, List<MetadataLine> Lines, List<Diagnostic> Diagnostics, int BodyStart);

    /// <summary>Consumes the metadata lines from <paramref name="start"/> on and returns where the body starts.</summary>
    public static Found Read(CleanLine[] lines, int start)
    {
        string? byline = null;
        DateTimeOffset? published = null;
        var found = new List<MetadataLine>();
        var diagnostics = new List<Diagnostic>();
        var i = start;
        var bodyStart = start;
        while (found.Count < MaxHeaderLines)
        {
            while (i < lines.Length && lines[i].IsBlank && !lines[i].IsMarkupOnly)
            {
                i++;
            }

            if (i >= lines.Length)
            {
                break;
            }

            var line = lines[i];
            if (TryDailyMailHeader(line.Text, out var dmByline, out var dmDate))
            {
                if (byline is null && dmByline.Length > 0)
                {
                    byline = dmByline;
                }

                if (published is null && dmDate is not null && TryParseDate(dmDate, out var dmWhen, out var dmZone))
                {
                    published = dmWhen;
                    NoteZone(line, dmZone, diagnostics);
                }

                found.Add(new MetadataLine(line.Text, LineRange.OneLine(line.Number), MetadataLine.HeaderKind));
            }
            else if (line.Text == "By" && i + 1 < lines.Length && IsName(lines[i + 1].Text))
            {
                byline ??= lines[i + 1].Text;
                found.Add(new MetadataLine(line.Text + " " + lines[i + 1].Text, new LineRange(line.Number, lines[i + 1].Number), MetadataLine.BylineKind));
                i++;
            }
            else if (TryByline(line.Text, out var name))
            {
                byline ??= name;
                found.Add(new MetadataLine(line.Text, LineRange.OneLine(line.Number), MetadataLine.BylineKind));
            }
            else if (TryParseDate(line.Text, out var when, out var zoneState))
            {
                published ??= when;
                NoteZone(line, zoneState, diagnostics);
                found.Add(new MetadataLine(line.Text, LineRange.OneLine(line.Number), MetadataLine.DateKind));
            }
            else
            {
                break;
            }

            i++;
            bodyStart = i;
        }

        return new Found(byline, published, found, diagnostics, bodyStart);
    }

    private static void NoteZone(CleanLine line, ZoneState zone, List<Diagnostic> diagnostics)
    {
        if (zone == ZoneState.Missing)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, DiagnosticCodes.PublishedAtWithoutZone, line.Number, "The date line gives a time but no time zone; the time was taken as UTC."));
        }
    }

    /// <summary>"By Jane Doe", "By Jane Doe and John Roe", "By Jane Doe For Mailonline".</summary>
    internal static bool TryByline(string text, out string name)
    {
        name = string.Empty;
        if (!text.StartsWith("By ", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text[3..].Trim();
        if (!IsName(rest))
        {
            return false;
        }

        name = rest;
        return true;
    }

    private static bool IsName(string text)
    {
        if (text.Length is 0 or > MaxNameLength || text.Any(char.IsDigit) || text[^1] is '.' or '!' or '?' or ':' or ',')
        {
            return false;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is >= 1 and <= 8
            && char.IsUpper(words[0][0])
            && words.All(w => char.IsUpper(w[0]) || NameConnectors.Contains(w));
    }

    // "By . Daily Mail Reporter . PUBLISHED: . 07:25 EST, 29 November 2013 . | . UPDATED: . 09:10 EST, 29 November 2013 ."
    private static bool TryDailyMailHeader(string text, out string byline, out string? date)
    {
        byline = string.Empty;
        date = null;
        var m = DailyMailHeaderRegex().Match(text);
        if (!m.Success)
        {
            return false;
        }

        byline = m.Groups["by"].Value.Trim(' ', '.');
        date = m.Groups["date"].Success ? m.Groups["date"].Value.Trim(' ', '.') : null;
        return true;
    }

    /// <summary>Whether a time came with a zone.</summary>
    internal enum ZoneState
    {
        /// <summary>A date with no time: midnight UTC, nothing to report.</summary>
        NoTime,

        /// <summary>A time with a known zone.</summary>
        Zoned,

        /// <summary>A time without a zone, taken as UTC.</summary>
        Missing,
    }

    /// <summary>
    /// A line that is a date and nothing else: ISO 8601 (<c>2019-01-17</c>, <c>2019-01-17T10:53:00Z</c>), or words
    /// with a month name, a day and a year, optionally a weekday, a time (<c>10:53</c>, <c>10:53 am</c>) and a zone,
    /// after an optional <c>Updated</c>/<c>Published</c>/<c>Posted</c> label.
    /// </summary>
    internal static bool TryParseDate(string text, out DateTimeOffset when, out ZoneState zone)
    {
        when = default;
        zone = ZoneState.NoTime;
        var t = text.Trim().TrimEnd('.').Trim();
        if (t.Length is 0 or > 80)
        {
            return false;
        }

        if (TryIso(t, out when, out zone))
        {
            return true;
        }

        var tokens = TokenRegex().Split(t).Where(s => s.Length > 0).ToList();
        int? day = null, month = null, year = null, hour = null, minute = null, second = null;
        int? offset = null;
        string? usZone = null;
        var sawWeekday = false;
        var pm = (bool?)null;
        for (var k = 0; k < tokens.Count; k++)
        {
            var token = tokens[k].TrimEnd('.', ':');
            var bare = token.Replace(".", string.Empty, StringComparison.Ordinal);
            if (token.Length == 0)
            {
                continue;
            }

            if (DatePrefixes.Contains(token))
            {
                continue;
            }

            if (Weekdays.Contains(token) && !sawWeekday)
            {
                sawWeekday = true;
            }
            else if (Months.TryGetValue(token, out var mo) && month is null)
            {
                month = mo;
            }
            else if (TimeRegex().Match(token) is { Success: true } tm && hour is null)
            {
                hour = int.Parse(tm.Groups["h"].Value, CultureInfo.InvariantCulture);
                minute = int.Parse(tm.Groups["m"].Value, CultureInfo.InvariantCulture);
                second = tm.Groups["s"].Success ? int.Parse(tm.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
                if (tm.Groups["ap"].Success)
                {
                    pm = tm.Groups["ap"].Value.StartsWith('p') || tm.Groups["ap"].Value.StartsWith('P');
                }
            }
            else if (hour is not null && pm is null && bare.ToUpperInvariant() is "AM" or "PM")
            {
                pm = bare.Equals("PM", StringComparison.OrdinalIgnoreCase);
            }
            else if (hour is not null && offset is null && usZone is null && FixedZones.TryGetValue(bare, out var off))
            {
                offset = off;
            }
            else if (hour is not null && offset is null && usZone is null && UsZones.ContainsKey(bare))
            {
                usZone = bare.ToUpperInvariant();
            }
            else if (DayRegex().Match(token) is { Success: true } dm && day is null && int.Parse(dm.Groups["d"].Value, CultureInfo.InvariantCulture) is >= 1 and <= 31 and var d)
            {
                day = d;
            }
            else if (token.Length == 4 && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && year is null && y is >= 1900 and <= 2100)
            {
                year = y;
            }
            else
            {
                return false;
            }
        }

        if (day is null || month is null || year is null || day > DateTime.DaysInMonth(year.Value, month.Value))
        {
            return false;
        }

        if (hour is null)
        {
            when = new DateTimeOffset(year.Value, month.Value, day.Value, 0, 0, 0, TimeSpan.Zero);
            return true;
        }

        var h = hour.Value;
        if (pm is not null)
        {
            if (h is < 1 or > 12)
            {
                return false;
            }

            h = h % 12 + (pm.Value ? 12 : 0);
        }

        if (h > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year.Value, month.Value, day.Value, h, minute!.Value, second!.Value, DateTimeKind.Unspecified);
        if (usZone is not null)
        {
            offset = UsZones[usZone] + (IsUsDaylightTime(local) ? 1 : 0);
        }

        zone = offset is null ? ZoneState.Missing : ZoneState.Zoned;
        when = new DateTimeOffset(local, TimeSpan.FromHours(offset ?? 0)).ToUniversalTime();
        return true;
    }

    private static bool TryIso(string t, out DateTimeOffset when, out ZoneState zone)
    {
        when = default;
        zone = ZoneState.NoTime;
        if (!IsoRegex().IsMatch(t))
        {
            return false;
        }

        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (t.Length == 10)
        {
            return DateTimeOffset.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out when);
        }

        if (!DateTimeOffset.TryParse(t.Replace(' ', 'T'), CultureInfo.InvariantCulture, styles, out when))
        {
            return false;
        }

        zone = IsoZoneRegex().IsMatch(t) ? ZoneState.Zoned : ZoneState.Missing;
        when = when.ToUniversalTime();
        return true;
    }

    // From the second Sunday of March to the first Sunday of November, at 02:00 local time.
    private static bool IsUsDaylightTime(DateTime local)
    {
        var start = NthSunday(local.Year, 3, 2).AddHours(2);
        var end = NthSunday(local.Year, 11, 1).AddHours(2);
        return local >= start && local < end;
    }

    private static DateTime NthSunday(int year, int month, int n)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var offset = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    /// <summary>
    /// "WASHINGTON (AP) — text", "(CNN) -- text", "(CNN)text", "Washington (CNN)text", "TRENTON — text": the place
    /// and agency prefix of a paragraph, and the text after it.
    /// </summary>
    internal static bool TrySplitDateline(string text, out string dateline, out string rest)
    {
        dateline = string.Empty;
        rest = string.Empty;
        var m = AgencyDatelineRegex().Match(text);
        if (!m.Success)
        {
            m = PlaceDatelineRegex().Match(text);
        }

        if (!m.Success)
        {
            return false;
        }

        dateline = m.Groups["dl"].Value.Trim().TrimEnd(',').Trim();
        rest = m.Groups["rest"].Value.Trim();
        return dateline.Length > 0 && rest.Length > 0;
    }

    [GeneratedRegex(@"^By\s*\.\s*(?<by>.{0,80}?)\s*\.\s*PUBLISHED:\s*\.?\s*(?<date>[^|]*?)\s*(?:\.\s*\|.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DailyMailHeaderRegex();

    [GeneratedRegex(@"[\s,|]+|(?<=\d)(?=[ap]\.?m\.?$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TokenRegex();

    [GeneratedRegex(@"^(?<h>\d{1,2})[:.](?<m>\d{2})(?::(?<s>\d{2}))?(?<ap>[ap]\.?m\.?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"^(?<d>\d{1,2})(?:st|nd|rd|th)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DayRegex();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoRegex();

    [GeneratedRegex(@"(?:Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoZoneRegex();

    [GeneratedRegex(@"^(?<dl>(?:[A-Z][A-Za-z.'’\-]*,?\s+){0,4}\((?:AP|CNN|Reuters|AFP|UPI|Bloomberg|CNNMoney|CNN Money)\))\s*(?:—|–|--|-|:)?\s*(?<rest>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex AgencyDatelineRegex();

    [GeneratedRegex(@"^(?<dl>[A-Z]{2,}[A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s+[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?)\s+(?:—|–|--|-)\s+(?<rest>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceDatelineRegex();
}
