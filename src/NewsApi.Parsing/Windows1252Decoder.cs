namespace NewsApi.Parsing;

/// <summary>
/// Windows-1252 by hand: the code-pages provider would need global registration, and the only difference
/// from Latin-1 is the 0x80-0x9F block.
/// </summary>
internal static class Windows1252Decoder
{
    public const string Name = SourceText.Windows1252;

    // Bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their Latin-1 control character, as
    // Microsoft's own decoder does, so decoding is lossless; the line cleaner later drops C1 controls and the
    // parser reports them.
    private static readonly char[] High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    public static bool IsUndefined(char c) => c is '\u0081' or '\u008D' or '\u008F' or '\u0090' or '\u009D';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        return string.Create(bytes.Length, bytes.ToArray(), static (chars, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var b = src[i];
                chars[i] = b is >= 0x80 and <= 0x9F ? High[b - 0x80] : (char)b;
            }
        });
    }
}
