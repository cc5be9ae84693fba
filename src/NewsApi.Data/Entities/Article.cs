namespace NewsApi.Data.Entities;

/// <summary>One article, parsed from one source file.</summary>
public class Article
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }

    /// <summary>The title folded for matching related-link teasers (see HeadlineNormalizer).</summary>
    public required string NormalizedTitle { get; set; }

    /// <summary>The first paragraph, or empty when the article has none.</summary>
    public required string Summary { get; set; }
    public int WordCount { get; set; }

    // Denormalised so list pages need no aggregate subqueries.
    public int ImageCount { get; set; }
    public int RelatedLinkCount { get; set; }

    /// <summary>Path of the source file relative to the source folder, with '/' separators.</summary>
    public required string SourceFileName { get; set; }
    public required string Sha256 { get; set; }
    public long SourceSize { get; set; }
    public required string SourceEncoding { get; set; }
    public required string SourceLineEndings { get; set; }
    /// <summary>The source file's last-write time when it was imported: with the size, lets an unchanged folder be re-imported without reading every file.</summary>
    public DateTimeOffset SourceModifiedAt { get; set; }
    /// <summary>
    /// SHA-256 of the bytes last imported from <see cref="SourceFileName"/>, or null when the file never was imported.
    /// An import replaces the article only when the file's bytes differ from these, so an API edit (which changes
    /// <see cref="Sha256"/>, not this) survives the import of an unchanged folder and a later edit of the file wins.
    /// </summary>
    public string? ImportedSha256 { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    // Header metadata from the parser (see docs/source-format.md), each null when the source has none.
    public string? Byline { get; set; }

    /// <summary>When the source says the article was published, in UTC.</summary>
    public DateTimeOffset? PublishedAt { get; set; }
    public string? Dateline { get; set; }
    public string? SourceUrl { get; set; }

    /// <summary>When this store first imported the article: kept across re-imports, updates and restores.</summary>
    public DateTimeOffset FirstSeenAt { get; set; }

    /// <summary><see cref="ArticleOrigins.Import"/> or <see cref="ArticleOrigins.Api"/>: only imported articles are pruned.</summary>
    public string Origin { get; set; } = ArticleOrigins.Import;

    public List<ArticleDiagnostic> Diagnostics { get; set; } = [];
    public List<BodyBlock> Body { get; set; } = [];
    public List<Image> Images { get; set; } = [];
    public List<RelatedLink> RelatedLinks { get; set; } = [];
}

/// <summary>A parse diagnostic kept with its article, stored as JSON.</summary>
public class ArticleDiagnostic
{
    public required string Severity { get; set; }
    public required string Code { get; set; }
    public int Line { get; set; }
    public required string Message { get; set; }
}
