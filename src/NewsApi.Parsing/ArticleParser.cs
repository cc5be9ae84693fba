using System.Security.Cryptography;

namespace NewsApi.Parsing;

/// <summary>Turns the bytes of one source text file into a <see cref="ParseResult"/>. Never throws on any input.</summary>
/// <remarks>The grammar is described in <c>docs/source-format.md</c>.</remarks>
public static class ArticleParser
{
    /// <summary>Parses one file's bytes.</summary>
    /// <param name="bytes">The raw file content.</param>
    /// <param name="fileName">The file name, recorded in the provenance and diagnostics.</param>
    public static ParseResult Parse(ReadOnlySpan<byte> bytes, string fileName)
    {
        fileName ??= string.Empty;
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            return ParseCore(bytes, fileName, sha);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Defence in depth only: the grammar is meant to be total. A bug must not take down a whole import.
            var source = new SourceInfo(fileName, sha, bytes.Length, "unknown", "none");
            return new ParseResult(null, [Error(DiagnosticCodes.InternalError, 0, $"The parser failed unexpectedly ({ex.GetType().Name}: {ex.Message}).")], source);
        }
    }

    private static Diagnostic Error(string code, int line, string message) => new(DiagnosticSeverity.Error, code, line, message);

    private static ParseResult ParseCore(ReadOnlySpan<byte> bytes, string fileName, string sha)
    {
        var text = SourceText.Decode(bytes);
        var source = new SourceInfo(fileName, sha, bytes.Length, text.Encoding, text.LineEndings);
        if (bytes.IsEmpty)
        {
            return new ParseResult(null, [Error(DiagnosticCodes.EmptyFile, 0, "The file is empty (0 bytes).")], source);
        }

        if (text.IsBinary)
        {
            return new ParseResult(null, [Error(DiagnosticCodes.BinaryFile, 0, "The file looks binary (NUL bytes or many control characters), not like article text.")], source);
        }

        var diagnostics = new List<Diagnostic>();
        if (text.Encoding == SourceText.Windows1252)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, DiagnosticCodes.Windows1252Fallback, text.FallbackLine, "The bytes are not valid UTF-8 (first invalid byte on this line); decoded as Windows-1252."));
        }

        var lines = new CleanLine[text.Lines.Count];
        var headlineIndex = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = LineCleaner.Clean(text.Lines[i], i + 1);
            lines[i] = line;
            if (line.Truncated)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.LineTooLong, line.Number, $"The line is longer than {LineCleaner.MaxLineLength:N0} characters; the rest was cut."));
            }

            if (line.HadUndefinedByte)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.UndefinedByte, line.Number, "The line holds a byte that Windows-1252 does not define; it was dropped."));
            }

            if (headlineIndex < 0 && !line.IsBlank)
            {
                headlineIndex = i;
            }
        }

        if (Array.TrueForAll(lines, l => !l.HasContent))
        {
            return new ParseResult(null, [.. diagnostics, Error(DiagnosticCodes.EmptyFile, 0, "The file holds only whitespace.")], source);
        }

        if (headlineIndex < 0)
        {
            return new ParseResult(null, [.. diagnostics, Error(DiagnosticCodes.NoHeadline, 0, "The file holds only markup, no text.")], source);
        }

        var first = lines[headlineIndex];
        var next = headlineIndex + 1 < lines.Length ? lines[headlineIndex + 1] : null;
        if (!HeadlineRules.TryAccept(first, next, out var headline, out var reason))
        {
            diagnostics.Add(Error(DiagnosticCodes.NoHeadline, first.Number, $"Line {first.Number} does not look like a headline: {reason}. Files without a title line are not promoted."));
            return new ParseResult(null, Sorted(diagnostics), source);
        }

        var leading = new List<BoilerplateLine>();
        for (var i = 0; i < headlineIndex; i++)
        {
            if (lines[i].IsMarkupOnly)
            {
                leading.Add(new BoilerplateLine(lines[i].Text, lines[i].Number, BoilerplateRules.Markup));
            }
        }

        var bodyStart = headlineIndex + 1;
        var urlIndex = bodyStart;
        while (urlIndex < lines.Length && lines[urlIndex].IsBlank && !lines[urlIndex].IsMarkupOnly)
        {
            urlIndex++;
        }

        string? sourceUrl = null;
        if (urlIndex < lines.Length && BoilerplateRules.IsUrl(lines[urlIndex].Text))
        {
            sourceUrl = lines[urlIndex].Text;
            leading.Add(new BoilerplateLine(lines[urlIndex].Text, lines[urlIndex].Number, BoilerplateRules.SourceUrl));
            bodyStart = urlIndex + 1;
        }

        var header = HeaderMetadata.Read(lines, bodyStart);
        diagnostics.AddRange(header.Diagnostics);
        var (blocks, boilerplate, bodyDiagnostics) = BodyGrammar.Build(lines, header.BodyStart);
        diagnostics.AddRange(bodyDiagnostics);

        // The dateline belongs to the first paragraph only when that paragraph opens the body.
        var metadata = header.Lines;
        string? dateline = null;
        if (blocks.Count > 0 && blocks[0] is ParagraphBlock opening && HeaderMetadata.TrySplitDateline(opening.Text, out var place, out var rest))
        {
            dateline = place;
            blocks[0] = opening with { Text = rest };
            metadata.Add(new MetadataLine(place, LineRange.OneLine(opening.Lines.First), MetadataLine.DatelineKind));
        }

        boilerplate.InsertRange(0, leading);
        foreach (var b in boilerplate)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, DiagnosticCodes.Boilerplate, b.Line, $"Kept out of the body as {b.Kind}."));
        }

        if (blocks.Count == 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.NoBody, first.Number, "The headline has no body text after it."));
        }

        var article = new ParsedArticle(headline, first.Number, blocks, boilerplate)
        {
            Byline = header.Byline,
            PublishedAt = header.PublishedAt,
            Dateline = dateline,
            SourceUrl = sourceUrl,
            Metadata = metadata,
        };
        return new ParseResult(article, Sorted(diagnostics), source);
    }

    private static Diagnostic[] Sorted(List<Diagnostic> diagnostics) => [.. diagnostics.OrderBy(d => d.Line)];
}
