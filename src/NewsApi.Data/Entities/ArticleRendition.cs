namespace NewsApi.Data.Entities;

/// <summary>
/// An article's JSON representation as the API serves it, with its ETag and Last-Modified, so a read by id or
/// slug is one row instead of four queries and a serialisation. The web host renders these rows; the store deletes
/// a row in the same transaction as any change that would make it stale (the article replaced or deleted, a
/// teaser of it resolved to a different article), so a row that exists is always current.
/// </summary>
public class ArticleRendition
{
    public int ArticleId { get; set; }

    /// <summary>The strong ETag of <see cref="Json"/>, quotes included.</summary>
    public required string ETag { get; set; }

    /// <summary>The article's update time as an HTTP date (RFC 9110).</summary>
    public required string LastModified { get; set; }

    /// <summary>The UTF-8 JSON body.</summary>
    public required byte[] Json { get; set; }
}
