using System.ComponentModel.DataAnnotations;

namespace NewsApi.Contracts;

/// <summary>Paging shared by every collection.</summary>
public class PageQuery
{
    /// <summary>1-based page number. Not allowed together with <c>after</c>.</summary>
    /// <example>1</example>
    [Range(1, 1_000_000)]
    public int? Page { get; set; }

    /// <summary>Items per page, 1 to 100.</summary>
    /// <example>20</example>
    [Range(1, 100)]
    public int PageSize { get; set; } = 20;

    /// <summary>Opaque cursor from a previous page's <c>nextCursor</c>: the page after it, at constant cost however deep. Send it with the same sort and filters as the request that returned it (a different <c>pageSize</c> is fine); with any other sort or filters, or edited, it is a 400.</summary>
    /// <example>MjB8aWR8OXJIVjJobVp8pBAxag</example>
    [StringLength(512)]
    public string? After { get; set; }
}

/// <summary>Filters and sort for the article list.</summary>
public sealed class ArticleListQuery : PageQuery
{
    /// <summary>Only articles with (true) or without (false) images.</summary>
    /// <example>true</example>
    public bool? HasImages { get; set; }

    /// <summary>Only articles with an image whose credit contains this text (case-insensitive).</summary>
    /// <example>REUTERS</example>
    [StringLength(200, MinimumLength = 1)]
    public string? Credit { get; set; }

    /// <summary>Full-text search over titles, paragraphs and captions; see the search syntax in the API description. An empty <c>q</c> (<c>q=</c>, as an empty search box sends) is the same as none.</summary>
    /// <example>north korea</example>
    [StringLength(500)]
    public string? Q { get; set; }

    /// <summary>Sort order: a field (<c>id</c>, <c>title</c>, <c>updatedAt</c>, <c>publishedAt</c>) ascending, or descending with a leading <c>-</c> (<c>-id</c>, <c>-title</c>, <c>-updatedAt</c>, <c>-publishedAt</c>); ties are broken by id in the same direction. Undated articles come last in both <c>publishedAt</c> orders. The default is <c>id</c> without <c>q</c> and relevance with it.</summary>
    /// <example>-updatedAt</example>
    [RegularExpression("^(id|-id|title|-title|updatedAt|-updatedAt|publishedAt|-publishedAt)$", ErrorMessage = "sort must be one of id, -id, title, -title, updatedAt, -updatedAt, publishedAt, -publishedAt.")]
    public string? Sort { get; set; }

    /// <summary>Only these top-level properties of each item, comma-separated (<c>id,title,leadImage</c>); the page's envelope (<c>items</c>, paging, <c>nextCursor</c>) stays. Dotted names are not supported: a nested object such as <c>leadImage</c> comes whole. An unknown name is a 400 listing the valid ones; an empty <c>fields</c> is the same as none.</summary>
    /// <example>id,title,leadImage</example>
    [StringLength(1000)]
    public string? Fields { get; set; }

    /// <summary>Only articles published at or after this ISO 8601 date or date-time (a date is 00:00 UTC; a time without offset is UTC). Undated articles are left out.</summary>
    /// <example>2019-01-01</example>
    [StringLength(40)]
    public string? PublishedAfter { get; set; }

    /// <summary>Only articles published before this ISO 8601 date or date-time (a date is 00:00 UTC; a time without offset is UTC). Undated articles are left out.</summary>
    /// <example>2020-01-01T00:00:00Z</example>
    [StringLength(40)]
    public string? PublishedBefore { get; set; }
}

/// <summary>Filters for the image list.</summary>
public sealed class ImageListQuery : PageQuery
{
    /// <summary>Only images of this article.</summary>
    /// <example>1</example>
    [Range(1, int.MaxValue)]
    public int? ArticleId { get; set; }

    /// <summary>Only images whose credit contains this text (case-insensitive).</summary>
    /// <example>REUTERS</example>
    [StringLength(200, MinimumLength = 1)]
    public string? Credit { get; set; }

    /// <summary>Full-text search over captions and credits. An empty <c>q</c> is the same as none.</summary>
    /// <example>airport</example>
    [StringLength(500)]
    public string? Q { get; set; }
}

/// <summary>Filters for the related-link list.</summary>
public sealed class RelatedLinkListQuery : PageQuery
{
    /// <summary>Only links in this article's body.</summary>
    /// <example>1</example>
    [Range(1, int.MaxValue)]
    public int? ArticleId { get; set; }

    /// <summary>Only links that point at an article in the store (true) or that do not (false).</summary>
    /// <example>false</example>
    public bool? Resolved { get; set; }
}
