using System.Security.Cryptography;
using System.Text;

namespace NewsApi.Parsing;

/// <summary>Turns the bytes of one source text file into a <see cref="ParseResult"/>. Never throws on any input.</summary>
public static class ArticleParser
{
    /// <summary>Parses one file's bytes.</summary>
    /// <param name="bytes">The raw file content.</param>
    /// <param name="fileName">The file name, recorded in the provenance and diagnostics.</param>
    public static ParseResult Parse(ReadOnlySpan<byte> bytes, string fileName)
    {
        // Placeholder implementation; replaced by the real grammar (issue 3).
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var text = Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n');
        var source = new SourceInfo(fileName, sha, bytes.Length, "utf-8", "LF");
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ParseResult(null, [new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.EmptyFile, 0, "The file is empty.")], source);
        }

        var blocks = new List<Block>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                blocks.Add(new ParagraphBlock(lines[i].Trim(), LineRange.OneLine(i + 1)));
            }
        }

        return new ParseResult(new ParsedArticle(lines[0].Trim(), 1, blocks, []), [], source);
    }

    /// <summary>Parses one file from a stream, reading it to the end.</summary>
    /// <param name="stream">The raw file content.</param>
    /// <param name="fileName">The file name, recorded in the provenance and diagnostics.</param>
    public static ParseResult Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), fileName);
    }
}
