using System.Buffers;

namespace NewsApi.Parsing;

/// <summary>
/// The raw bytes of a source file decoded to text and split into lines: the first stage of the parser,
/// public so that callers and tests number lines exactly as the parser does.
/// </summary>
public sealed class SourceText
{
    /// <summary>Encoding name for UTF-8 without a byte-order mark.</summary>
    public const string Utf8 = "utf-8";

    /// <summary>Encoding name for UTF-8 that started with a byte-order mark (stripped).</summary>
    public const string Utf8Bom = "utf-8-bom";

    /// <summary>Encoding name for UTF-16 little endian with a byte-order mark.</summary>
    public const string Utf16Le = "utf-16le";

    /// <summary>Encoding name for UTF-16 big endian with a byte-order mark.</summary>
    public const string Utf16Be = "utf-16be";

    /// <summary>Encoding name for the Windows-1252 fallback.</summary>
    public const string Windows1252 = "windows-1252";

    /// <summary>Encoding name recorded when the bytes were rejected as binary.</summary>
    public const string Binary = "binary";

    // Git calls a file binary when a NUL shows up this early; we follow it.
    private const int NulWindow = 8000;

    private SourceText(IReadOnlyList<string> lines, string encoding, string lineEndings, int fallbackLine, bool isBinary)
    {
        Lines = lines;
        Encoding = encoding;
        LineEndings = lineEndings;
        FallbackLine = fallbackLine;
        IsBinary = isBinary;
    }

    /// <summary>The decoded lines without their terminators; line <c>n</c> (1-based) is <c>Lines[n - 1]</c>. A final line break does not start a new line.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The encoding used: <c>utf-8</c>, <c>utf-8-bom</c>, <c>utf-16le</c>, <c>utf-16be</c>, <c>windows-1252</c> or <c>binary</c>.</summary>
    public string Encoding { get; }

    /// <summary>The line-ending style: <c>LF</c>, <c>CRLF</c>, <c>CR</c>, <c>mixed</c> or <c>none</c>.</summary>
    public string LineEndings { get; }

    /// <summary>For the Windows-1252 fallback, the 1-based line holding the first byte that is not valid UTF-8; otherwise 0.</summary>
    public int FallbackLine { get; }

    /// <summary>True when the bytes look binary (an early NUL, or many control characters); <see cref="Lines"/> is then empty.</summary>
    public bool IsBinary { get; }

    /// <summary>Decodes bytes: UTF-8 (BOM stripped) when valid, UTF-16 when it has a BOM, else Windows-1252. Never throws.</summary>
    /// <param name="bytes">The raw file content.</param>
    public static SourceText Decode(ReadOnlySpan<byte> bytes)
    {
        string encoding;
        string text;
        var fallbackLine = 0;
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            encoding = Utf16Le;
            text = System.Text.Encoding.Unicode.GetString(bytes[2..]);
        }
        else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            encoding = Utf16Be;
            text = System.Text.Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        else
        {
            var body = bytes;
            encoding = Utf8;
            if (body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF)
            {
                body = body[3..];
                encoding = Utf8Bom;
            }

            if (!TryDecodeUtf8(body, out text, out var badOffset))
            {
                encoding = Windows1252Decoder.Name;
                text = Windows1252Decoder.Decode(body);
                fallbackLine = LineOfOffset(body, badOffset);
            }
        }

        if (LooksBinary(text))
        {
            return new SourceText([], Binary, "none", 0, isBinary: true);
        }

        var (lines, endings) = SplitLines(text);
        return new SourceText(lines, encoding, endings, fallbackLine, isBinary: false);
    }

    private static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text, out int badOffset)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes, buffer, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                text = new string(buffer, 0, written);
                badOffset = -1;
                return true;
            }

            text = string.Empty;
            badOffset = read;
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int LineOfOffset(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        var end = Math.Min(offset, bytes.Length);
        for (var i = 0; i < end; i++)
        {
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n')))
            {
                line++;
            }
        }

        return line;
    }

    // Text files have almost no C0 controls besides tab, LF, CR and form feed; random or binary data has ~12%.
    private static bool LooksBinary(string text)
    {
        var controls = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            {
                if (c == '\0' && i < NulWindow)
                {
                    return true;
                }

                controls++;
            }
        }

        return text.Length > 0 && controls * 20 > text.Length;
    }

    private static (List<string> Lines, string Endings) SplitLines(string text)
    {
        var lines = new List<string>();
        int lf = 0, crlf = 0, cr = 0;
        var start = 0;
        var span = text.AsSpan();
        while (start < text.Length)
        {
            var rel = span[start..].IndexOfAny('\r', '\n');
            if (rel < 0)
            {
                lines.Add(text[start..]);
                start = text.Length;
                break;
            }

            var at = start + rel;
            lines.Add(text[start..at]);
            if (text[at] == '\n')
            {
                lf++;
                start = at + 1;
            }
            else if (at + 1 < text.Length && text[at + 1] == '\n')
            {
                crlf++;
                start = at + 2;
            }
            else
            {
                cr++;
                start = at + 1;
            }
        }

        var kinds = (lf > 0 ? 1 : 0) + (crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
        var endings = kinds switch
        {
            0 => "none",
            > 1 => "mixed",
            _ => lf > 0 ? "LF" : crlf > 0 ? "CRLF" : "CR",
        };
        return (lines, endings);
    }
}
