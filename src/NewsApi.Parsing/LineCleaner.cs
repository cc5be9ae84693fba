using System.Buffers;
using System.Net;
using System.Text;

namespace NewsApi.Parsing;

/// <summary>One decoded source line after clean-up, with the layout facts the grammar needs.</summary>
internal sealed class CleanLine
{
    public required int Number { get; init; }

    /// <summary>Cleaned, trimmed text; empty for blank and markup-only lines.</summary>
    public required string Text { get; init; }

    /// <summary>The raw line had non-whitespace content (so it must be accounted for).</summary>
    public required bool HasContent { get; init; }

    /// <summary>The whole raw line was wrapped in one <c>&lt;em&gt;</c> or <c>&lt;i&gt;</c> element.</summary>
    public required bool IsEmphasised { get; init; }

    public required bool StartsWithSpace { get; init; }

    public required bool EndsWithSpace { get; init; }

    public required bool Truncated { get; init; }

    public required bool HadUndefinedByte { get; init; }

    public bool IsBlank => Text.Length == 0;

    public bool IsMarkupOnly => Text.Length == 0 && HasContent;
}

/// <summary>
/// Line clean-up, in this order: cut absurdly long lines; strip whitelisted inline tags; decode HTML entities
/// once; map NBSP-like spaces to a space, drop soft hyphens, zero-width characters and control characters;
/// compose to NFC; collapse whitespace runs and trim. Tags go before entities so that an escaped
/// <c>&amp;lt;em&amp;gt;</c> stays text, and entities are decoded in a single pass so <c>&amp;amp;#233;</c>
/// becomes the literal <c>&amp;#233;</c>.
/// </summary>
internal static class LineCleaner
{
    public const int MaxLineLength = 100_000;

    private static readonly string[] InlineTags = ["em", "i", "b", "strong", "span", "a", "br"];

    // Every character NormaliseCharacters would change, so that ordinary lines skip it with one vectorised scan.
    private static readonly SearchValues<char> Special = SearchValues.Create(BuildSpecial());

    private static string BuildSpecial()
    {
        var sb = new StringBuilder();
        for (var c = '\0'; c < '\uFFFF'; c++)
        {
            if ((c != ' ' && IsSpace(c)) || IsDropped(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    public static CleanLine Clean(string raw, int number)
    {
        var truncated = false;
        if (raw.Length > MaxLineLength)
        {
            var cut = MaxLineLength;
            if (char.IsHighSurrogate(raw[cut - 1]))
            {
                cut--;
            }

            raw = raw[..cut];
            truncated = true;
        }

        var hasContent = !string.IsNullOrWhiteSpace(raw);
        var undefined = false;
        foreach (var c in raw)
        {
            if (Windows1252Decoder.IsUndefined(c))
            {
                undefined = true;
                break;
            }
        }

        var emphasised = hasContent && IsWrappedInEmphasis(raw.AsSpan().Trim());
        var text = StripInlineTags(raw);
        if (text.Contains('&'))
        {
            text = WebUtility.HtmlDecode(text);
        }

        text = Nfc.Compose(NormaliseCharacters(text));
        return new CleanLine
        {
            Number = number,
            Text = text,
            HasContent = hasContent,
            IsEmphasised = emphasised,
            StartsWithSpace = raw.Length > 0 && char.IsWhiteSpace(raw[0]),
            EndsWithSpace = raw.Length > 0 && char.IsWhiteSpace(raw[^1]),
            Truncated = truncated,
            HadUndefinedByte = undefined,
        };
    }

    /// <summary>Applies the inline clean-up to a fragment (used for tests and headline-only input).</summary>
    public static string CleanText(string raw) => Clean(raw, 0).Text;

    private static bool IsWrappedInEmphasis(ReadOnlySpan<char> line)
    {
        foreach (var name in (ReadOnlySpan<string>)["em", "i"])
        {
            if (TryMatchTag(line, 0, out var openLen, out var openName, out var closing) && !closing
                && openName.Equals(name, StringComparison.OrdinalIgnoreCase)
                && line.EndsWith($"</{name}>", StringComparison.OrdinalIgnoreCase))
            {
                var inner = line[openLen..^(name.Length + 3)];
                return inner.IndexOf($"</{name}>", StringComparison.OrdinalIgnoreCase) < 0;
            }
        }

        return false;
    }

    private static string StripInlineTags(string s)
    {
        var lt = s.IndexOf('<');
        if (lt < 0)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        var pos = 0;
        while (lt >= 0)
        {
            if (TryMatchTag(s, lt, out var len, out var name, out _))
            {
                sb.Append(s, pos, lt - pos);
                if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    sb.Append(' ');
                }

                pos = lt + len;
                lt = pos < s.Length ? s.IndexOf('<', pos) : -1;
            }
            else
            {
                lt = lt + 1 < s.Length ? s.IndexOf('<', lt + 1) : -1;
            }
        }

        sb.Append(s, pos, s.Length - pos);
        return sb.ToString();
    }

    // Matches <name attr="...">, </name> or <name/> for a whitelisted name. The attribute scan stops at the next '<',
    // so the total work over a line stays linear however many unmatched '<' it holds.
    private static bool TryMatchTag(ReadOnlySpan<char> s, int at, out int length, out string name, out bool closing)
    {
        length = 0;
        name = string.Empty;
        closing = false;
        var i = at + 1;
        if (i < s.Length && s[i] == '/')
        {
            closing = true;
            i++;
        }

        foreach (var candidate in InlineTags)
        {
            if (i + candidate.Length > s.Length || !s.Slice(i, candidate.Length).Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var j = i + candidate.Length;
            if (j >= s.Length)
            {
                return false;
            }

            var next = s[j];
            if (next == '>')
            {
                length = j + 1 - at;
                name = candidate;
                return true;
            }

            if (next != '/' && !char.IsWhiteSpace(next))
            {
                continue; // e.g. <embed> or <article>: not ours.
            }

            var rest = s[j..];
            var end = rest.IndexOfAny('>', '<');
            if (end < 0 || rest[end] != '>')
            {
                return false;
            }

            // Real attributes have values (class="x", href=...); "<b and c > d" in running text is not a tag.
            var attributes = rest[..end].Trim().TrimEnd('/');
            if (attributes.Length > 0 && attributes.IndexOf('=') < 0)
            {
                return false;
            }

            length = j + end + 1 - at;
            name = candidate;
            return true;
        }

        return false;
    }

    // NBSP and friends become plain spaces because sources use them interchangeably with spaces (and even in
    // place of lost dashes); soft hyphens and zero-width characters are invisible hints that would break
    // matching; control characters (including C1 and cp1252's undefined bytes) carry no text.
    private static string NormaliseCharacters(string s)
    {
        var span = s.AsSpan();
        var needs = span.IndexOfAny(Special) >= 0 || span.IndexOf("  ", StringComparison.Ordinal) >= 0
            || (s.Length > 0 && (s[0] == ' ' || s[^1] == ' '));
        if (!needs)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (IsDropped(c))
            {
                continue;
            }

            if (IsSpace(c))
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

        return sb.ToString();
    }

    private static bool IsSpace(char c) =>
        c is ' ' or '\t' or '\f' or '\v' or '\u00A0' or '\u2007' or '\u202F' or '\u3000'
        || (c is >= '\u2000' and <= '\u200A') || c == '\u1680' || c == '\u205F';

    private static bool IsDropped(char c) =>
        c is '\u00AD' or '\u200B' or '\u2060' or '\uFEFF'
        || (c < 0x20 && c is not '\t' and not '\f' and not '\v')
        || (c is >= '\u007F' and <= '\u009F');
}
