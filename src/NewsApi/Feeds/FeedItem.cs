using NewsApi.Contracts;

namespace NewsApi.Feeds;

/// <summary>
/// An article as every feed format and the sitemap see it. <see cref="From"/> is the one place that decides which
/// date and author a feed shows, so the published date and the byline replace <c>updatedAt</c> and "no author" here
/// when the store has them.
/// </summary>
/// <param name="Id">The article's id, the root of its feed ids.</param>
/// <param name="Url">The article's public <c>url</c>.</param>
/// <param name="Title">The headline, as written.</param>
/// <param name="Summary">The first paragraph.</param>
/// <param name="Published">When it was published: the source's date when it prints one, else when it was last updated.</param>
/// <param name="Updated">When it was last updated.</param>
/// <param name="Author">The byline, or null when the source prints none.</param>
public sealed record FeedItem(int Id, string Url, string Title, string Summary, DateTimeOffset Published, DateTimeOffset Updated, string? Author)
{
    /// <summary>The list order that puts the newest first, by <see cref="Published"/>.</summary>
    public const string NewestFirst = "-updatedAt";

    public static FeedItem From(ArticleSummaryResponse a) => new(a.Id, a.Url, a.Title, a.Summary, a.PublishedAt ?? a.UpdatedAt, a.UpdatedAt, a.Byline);
}
