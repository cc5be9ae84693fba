namespace NewsApi.Parsing;

/// <summary>An inclusive range of 1-based line numbers in the decoded source file.</summary>
/// <param name="First">First line of the range.</param>
/// <param name="Last">Last line of the range (equal to <paramref name="First"/> for one line).</param>
public readonly record struct LineRange(int First, int Last)
{
    /// <summary>A range covering a single line.</summary>
    public static LineRange OneLine(int line) => new(line, line);

    /// <inheritdoc />
    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; the article is complete.</summary>
    Info,

    /// <summary>Something was guessed or dropped on purpose; the article is still usable.</summary>
    Warning,

    /// <summary>The file cannot become an article; <see cref="ParseResult.Article"/> is null.</summary>
    Error,
}

/// <summary>A finding about a source file, in place of an exception.</summary>
/// <param name="Severity">How serious it is.</param>
/// <param name="Code">A stable machine-readable code (see <see cref="DiagnosticCodes"/>).</param>
/// <param name="Line">The 1-based source line it concerns, or 0 for the whole file.</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, int Line, string Message);

/// <summary>Where a parsed article came from, byte for byte.</summary>
/// <param name="FileName">The file name the caller passed in.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the raw bytes.</param>
/// <param name="Size">Size of the raw bytes.</param>
/// <param name="Encoding">The encoding used to decode: <c>utf-8</c>, <c>utf-8-bom</c>, <c>utf-16le</c>, <c>utf-16be</c> or <c>windows-1252</c>; <c>binary</c> when rejected as binary.</param>
/// <param name="LineEndings">The line-ending style seen: <c>LF</c>, <c>CRLF</c>, <c>CR</c>, <c>mixed</c> or <c>none</c>.</param>
public sealed record SourceInfo(string FileName, string Sha256, long Size, string Encoding, string LineEndings);

/// <summary>An image credit, raw and, where it has the form <c>AGENCY/Photographer</c>, split.</summary>
/// <param name="Raw">The credit as written, e.g. <c>REUTERS/Jason Lee</c>.</param>
/// <param name="Agency">The agency part (<c>REUTERS</c>), or null.</param>
/// <param name="Photographer">The photographer part (<c>Jason Lee</c>), or null.</param>
public sealed record Credit(string Raw, string? Agency, string? Photographer);

/// <summary>One block of an article body, in reading order.</summary>
/// <param name="Lines">The source lines the block came from.</param>
public abstract record Block(LineRange Lines);

/// <summary>A paragraph of body text: trimmed, never empty.</summary>
/// <param name="Text">The paragraph text.</param>
/// <param name="Lines">The source lines it came from.</param>
public sealed record ParagraphBlock(string Text, LineRange Lines) : Block(Lines);

/// <summary>An image, known by its caption; the lines cover the caption, any plain duplicate and any credit line.</summary>
/// <param name="Caption">The caption text without its credit; empty only for a credit line with no caption (see <see cref="DiagnosticCodes.CreditWithoutCaption"/>).</param>
/// <param name="Credit">The credit, or null when the caption has none.</param>
/// <param name="Lines">The source lines it came from.</param>
public sealed record ImageBlock(string Caption, Credit? Credit, LineRange Lines) : Block(Lines);

/// <summary>A teaser for a related article, such as <c>MORE: headline</c>.</summary>
/// <param name="Marker">The marker as normalised upper case without the colon: <c>MORE</c>, <c>READ MORE</c>, <c>RELATED</c>, <c>SEE ALSO</c>...</param>
/// <param name="Headline">The headline of the related article as written.</param>
/// <param name="Lines">The source lines it came from.</param>
public sealed record RelatedLinkBlock(string Marker, string Headline, LineRange Lines) : Block(Lines);

/// <summary>A line kept out of the body because it is page furniture (share prompts, adverts...).</summary>
/// <param name="Text">The line as cleaned.</param>
/// <param name="Line">Its 1-based source line.</param>
/// <param name="Kind">What it is: <c>video-prompt</c>, <c>share-prompt</c>, <c>advert</c>, <c>footer</c>, <c>source-url</c>...</param>
public sealed record BoilerplateLine(string Text, int Line, string Kind);

/// <summary>Source lines read as article metadata (byline, date, dateline) rather than body text.</summary>
/// <param name="Text">The line as cleaned; for a two-line byline both lines joined by a space.</param>
/// <param name="Lines">The source lines it came from. A dateline shares its line with the paragraph it starts.</param>
/// <param name="Kind">What it is: <see cref="BylineKind"/>, <see cref="DateKind"/>, <see cref="HeaderKind"/> or <see cref="DatelineKind"/>.</param>
public sealed record MetadataLine(string Text, LineRange Lines, string Kind)
{
    /// <summary>A byline: <c>By Jane Doe</c>, or <c>By</c> and the name on the next line.</summary>
    public const string BylineKind = "byline";

    /// <summary>A line that is only a date, with or without a time and zone.</summary>
    public const string DateKind = "date";

    /// <summary>A flattened header holding both byline and date (the Daily Mail's <c>By . name . PUBLISHED: . …</c>).</summary>
    public const string HeaderKind = "byline-date";

    /// <summary>The place/agency prefix of the first paragraph (<c>WASHINGTON (AP) —</c>).</summary>
    public const string DatelineKind = "dateline";
}

/// <summary>A source file turned into a structured article.</summary>
/// <param name="Headline">The headline (first line), cleaned.</param>
/// <param name="HeadlineLine">The 1-based line of the headline.</param>
/// <param name="Blocks">Body blocks in reading order.</param>
/// <param name="Boilerplate">Lines recognised as page furniture, in source order.</param>
public sealed record ParsedArticle(
    string Headline,
    int HeadlineLine,
    IReadOnlyList<Block> Blocks,
    IReadOnlyList<BoilerplateLine> Boilerplate)
{
    /// <summary>The author as printed after <c>By</c> (<c>Jane Doe</c>), or null when the header has no byline.</summary>
    public string? Byline { get; init; }

    /// <summary>
    /// When the article was published, in UTC, from a date line in the header, or null. A time with a named zone is
    /// converted; a date without a time is that day at 00:00 UTC; a time without a zone is taken as UTC (and
    /// reported as <see cref="DiagnosticCodes.PublishedAtWithoutZone"/>).
    /// </summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>The place/agency prefix of the first paragraph (<c>WASHINGTON (AP)</c>, <c>(CNN)</c>), or null.</summary>
    public string? Dateline { get; init; }

    /// <summary>The source URL printed straight after the headline, or null.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The lines read as metadata, in source order; none of them is also a paragraph (a dateline shares its line).</summary>
    public IReadOnlyList<MetadataLine> Metadata { get; init; } = [];

    /// <summary>The paragraphs of the body, in order.</summary>
    public IEnumerable<ParagraphBlock> Paragraphs => Blocks.OfType<ParagraphBlock>();

    /// <summary>The images of the body, in order.</summary>
    public IEnumerable<ImageBlock> Images => Blocks.OfType<ImageBlock>();

    /// <summary>The related-link teasers of the body, in order.</summary>
    public IEnumerable<RelatedLinkBlock> RelatedLinks => Blocks.OfType<RelatedLinkBlock>();
}

/// <summary>The outcome of parsing one file: an article (unless an error made that impossible), diagnostics and provenance.</summary>
/// <param name="Article">The article, or null when an <see cref="DiagnosticSeverity.Error"/> diagnostic says why not.</param>
/// <param name="Diagnostics">Everything worth reporting, in line order.</param>
/// <param name="Source">Provenance of the raw bytes.</param>
public sealed record ParseResult(ParsedArticle? Article, IReadOnlyList<Diagnostic> Diagnostics, SourceInfo Source)
{
    /// <summary>True when the file became an article.</summary>
    public bool Succeeded => Article is not null;
}

/// <summary>The stable diagnostic codes the parser emits.</summary>
public static class DiagnosticCodes
{
    /// <summary>The file has no bytes, or only whitespace.</summary>
    public const string EmptyFile = "empty-file";

    /// <summary>The bytes look binary (NULs or control characters), not text.</summary>
    public const string BinaryFile = "binary-file";

    /// <summary>The first line does not look like a headline.</summary>
    public const string NoHeadline = "no-headline";

    /// <summary>A caption line could not be fully understood.</summary>
    public const string UnparseableCaption = "unparseable-caption";

    /// <summary>The bytes were not valid UTF-8 and were decoded as Windows-1252.</summary>
    public const string Windows1252Fallback = "encoding-fallback";

    /// <summary>The headline has no body after it.</summary>
    public const string NoBody = "no-body";

    /// <summary>A line was recognised as boilerplate and kept out of the body.</summary>
    public const string Boilerplate = "boilerplate";

    /// <summary>A line was too long and was cut.</summary>
    public const string LineTooLong = "line-too-long";

    /// <summary>A byte that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) was dropped from the line.</summary>
    public const string UndefinedByte = "undefined-byte";

    /// <summary>A credit line has no caption directly above it; the image has an empty caption.</summary>
    public const string CreditWithoutCaption = "credit-without-caption";

    /// <summary>Text printed with an image differs from its caption; it is kept in the diagnostic message only.</summary>
    public const string ImageAltText = "image-alt-text";

    /// <summary>A header date line gives a time without a time zone; the time was taken as UTC.</summary>
    public const string PublishedAtWithoutZone = "published-at-no-zone";

    /// <summary>The parser hit an unexpected internal failure; the file is reported, never thrown.</summary>
    public const string InternalError = "internal-error";
}
