using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Contracts;

namespace NewsApi.Feeds;

/// <summary>The article list's filters, for a feed of the newest matching articles.</summary>
/// <remarks>Not a <see cref="PageQuery"/> (a feed has no pages or cursors), so its names are given here.</remarks>
public sealed class FeedQuery
{
    /// <summary>Only articles matching this full-text search (the article list's <c>q</c>); still newest first.</summary>
    /// <example>north korea</example>
    [StringLength(500)]
    [FromQuery(Name = "q")]
    [Display(Name = "q")]
    public string? Q { get; set; }

    /// <summary>Only articles with (true) or without (false) images.</summary>
    /// <example>true</example>
    [FromQuery(Name = "hasImages")]
    [Display(Name = "hasImages")]
    public bool? HasImages { get; set; }

    /// <summary>Only articles with an image whose credit contains this text (case-insensitive).</summary>
    /// <example>REUTERS</example>
    [StringLength(200, MinimumLength = 1)]
    [FromQuery(Name = "credit")]
    [Display(Name = "credit")]
    public string? Credit { get; set; }

    /// <summary>How many of the newest articles, 1 to 100.</summary>
    /// <example>20</example>
    [Range(1, 100)]
    [FromQuery(Name = "pageSize")]
    [Display(Name = "pageSize")]
    public int PageSize { get; set; } = 20;

    /// <summary>The same request to the article list, newest first.</summary>
    public ArticleListQuery ToListQuery() =>
        new() { Q = Q, HasImages = HasImages, Credit = Credit, PageSize = PageSize, Sort = FeedItem.NewestFirst };
}
