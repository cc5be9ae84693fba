namespace NewsApi.Data.Entities;

/// <summary>
/// What is left of a removed article: its id and slug stay reserved (never given to another article) and answer
/// 410 Gone, and when its source file comes back (same file name, or a headline with the same slug) the article
/// returns under them.
/// </summary>
public class ArticleTombstone
{
    public int ArticleId { get; set; }
    public required string Slug { get; set; }

    /// <summary>The source file the article came from, relative to the source folder.</summary>
    public required string SourceFileName { get; set; }
    public DateTimeOffset RemovedAt { get; set; }

    /// <summary>The article's <see cref="Article.FirstSeenAt"/>, which it keeps when it comes back; null for tombstones older than that column.</summary>
    public DateTimeOffset? FirstSeenAt { get; set; }

    /// <summary><c>deleted</c> (through the API) or <c>pruned</c> (its file was gone at an import with prune).</summary>
    public required string Reason { get; set; }

    /// <summary>
    /// The hash of the bytes last imported from <see cref="SourceFileName"/>: an article deleted through the API stays
    /// deleted while its file still holds those bytes, and comes back when the file changes (the newer write).
    /// </summary>
    public string? ImportedSha256 { get; set; }
}

/// <summary>Where an article came from, which decides whether a pruning import may remove it.</summary>
public static class ArticleOrigins
{
    /// <summary>Imported from the source folder: removed by a pruning import when its file is gone.</summary>
    public const string Import = "import";

    /// <summary>Created through the API: never pruned, only deleted through the API.</summary>
    public const string Api = "api";
}
