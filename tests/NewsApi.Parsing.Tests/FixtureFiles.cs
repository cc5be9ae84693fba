using System.Text;
using System.Text.RegularExpressions;

namespace NewsApi.Parsing.Tests;

/// <summary>
/// The parser's own fixtures (<c>Fixtures/</c>, copied to the test output): small files written for this project,
/// one per source variant of FORMAT-NOTES.md, so the unit tests need nothing outside the repository.
/// A file whose name ends in <c>.cp1252.txt</c> or <c>.latin1.txt</c> is stored as UTF-8 and encoded when loaded,
/// so the checked-in text stays readable and diffable while the parser still sees the legacy bytes; in those files
/// <c>{0xNN}</c> stands for a raw byte (one that the encoding has no character for, such as cp1252's 0x9D).
/// Every other file is read byte for byte (<c>.gitattributes</c> keeps git from touching CRLF and lone CR).
/// </summary>
internal static partial class FixtureFiles
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Folder, "*.txt", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Folder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static byte[] Bytes(string relative)
    {
        var path = Path.Combine(Folder, relative);
        if (relative.EndsWith(".cp1252.txt", StringComparison.Ordinal))
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encode(File.ReadAllText(path, Encoding.UTF8), Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback));
        }

        if (relative.EndsWith(".latin1.txt", StringComparison.Ordinal))
        {
            return Encode(File.ReadAllText(path, Encoding.UTF8), Encoding.GetEncoding("iso-8859-1", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback));
        }

        return File.ReadAllBytes(path);
    }

    public static ParseResult Load(string relative) => Parse.Bytes(Bytes(relative), Path.GetFileName(relative));

    /// <summary>A body whose title lives in a sibling file (Horne): title, a blank line, then the body.</summary>
    public static ParseResult LoadWithTitle(string titleFile, string bodyFile) =>
        Parse.Bytes([.. Bytes(titleFile), .. "\r\n\r\n"u8, .. Bytes(bodyFile)], Path.GetFileName(bodyFile));

    /// <summary>The decoded lines of a body-only fixture, for tests that put a title line above them.</summary>
    public static IReadOnlyList<string> Lines(string relative) => SourceText.Decode(Bytes(relative)).Lines;

    // Text is encoded strictly (a character the code page lacks is a mistake in the fixture), raw bytes as written.
    private static byte[] Encode(string text, Encoding encoding)
    {
        var bytes = new List<byte>();
        var at = 0;
        foreach (Match m in RawByte().Matches(text))
        {
            bytes.AddRange(encoding.GetBytes(text[at..m.Index]));
            bytes.Add(Convert.ToByte(m.Groups[1].Value, 16));
            at = m.Index + m.Length;
        }

        bytes.AddRange(encoding.GetBytes(text[at..]));
        return [.. bytes];
    }

    [GeneratedRegex(@"\{0x([0-9A-F]{2})\}")]
    private static partial Regex RawByte();
}
