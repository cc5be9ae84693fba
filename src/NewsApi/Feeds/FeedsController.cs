using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Hosting;

namespace NewsApi.Feeds;

/// <summary>Feeds of the newest articles (RSS, Atom, JSON Feed) and the sitemap, for feed readers and search engines.</summary>
[ApiController]
[Route("api/v1/feeds")]
[ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson.ContentType)]
public sealed class FeedsController(ArticleQueries queries, ArticleUrls urls, NewsDbContext db, IOptions<NewsApiOptions> options) : ControllerBase
{
    /// <summary>The sitemap protocol's limit of URLs per sitemap file.</summary>
    public const int SitemapLimit = 50_000;

    public const string RssType = "application/rss+xml";
    public const string AtomType = "application/atom+xml";
    public const string JsonFeedType = "application/feed+json";
    public const string SitemapType = "application/xml";

    /// <summary>The newest articles as RSS 2.0.</summary>
    /// <remarks>Newest first, with the article list's filters (<c>q</c>, <c>hasImages</c>, <c>credit</c>) and up to
    /// <c>pageSize</c> (default 20, at most 100) items. Each item links to the article's <c>url</c>; its <c>guid</c> is
    /// a <c>tag:</c> URI made from the article id, so it survives edits. ETag and 304 as for every GET.</remarks>
    /// <response code="200">The RSS 2.0 document.</response>
    /// <response code="400">A parameter is malformed, out of range, unknown or repeated.</response>
    [HttpGet("articles.rss")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, RssType)]
    public Task<IActionResult> Rss([FromQuery] FeedQuery query, CancellationToken ct) => FeedAsync(query, FeedWriter.Rss, RssType, ct);

    /// <summary>The newest articles as Atom 1.0.</summary>
    /// <remarks>The same items as the RSS feed. The feed's <c>author</c> is <c>NewsApi:Publisher:Name</c>, its
    /// <c>updated</c> the newest item's; entry ids are <c>tag:</c> URIs made from the article id.</remarks>
    /// <response code="200">The Atom 1.0 document.</response>
    /// <response code="400">A parameter is malformed, out of range, unknown or repeated.</response>
    [HttpGet("articles.atom")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, AtomType)]
    public Task<IActionResult> Atom([FromQuery] FeedQuery query, CancellationToken ct) => FeedAsync(query, FeedWriter.Atom, AtomType, ct);

    /// <summary>The newest articles as JSON Feed 1.1.</summary>
    /// <remarks>The same items as the RSS feed, as <c>https://jsonfeed.org/version/1.1</c>.</remarks>
    /// <response code="200">The JSON Feed document.</response>
    /// <response code="400">A parameter is malformed, out of range, unknown or repeated.</response>
    [HttpGet("articles.json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, JsonFeedType)]
    public Task<IActionResult> JsonFeed([FromQuery] FeedQuery query, CancellationToken ct) => FeedAsync(query, FeedWriter.JsonFeed, JsonFeedType, ct);

    /// <summary>The sitemap of every article.</summary>
    /// <remarks>Every live article's <c>url</c> with its <c>lastmod</c>, by id. Past 50,000 articles (the sitemap
    /// protocol's limit) it is a sitemap index whose parts are <c>sitemap.xml?part=1</c>, <c>?part=2</c>...</remarks>
    /// <param name="part" example="1">One part of a large sitemap, as its index lists them.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The sitemap, or the sitemap index.</response>
    /// <response code="400">A parameter is malformed, out of range, unknown or repeated.</response>
    /// <response code="404">There is no such part.</response>
    [HttpGet("sitemap.xml")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, SitemapType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    public async Task<IActionResult> Sitemap([FromQuery, Range(1, 1_000_000)] int? part, CancellationToken ct)
    {
        const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var live = db.Articles.AsNoTracking();
        var total = await live.CountAsync(ct);
        var parts = Math.Max(1, (total + SitemapLimit - 1) / SitemapLimit);
        if (part > parts)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "Sitemap part not found",
                detail: $"The sitemap has {parts} part{(parts == 1 ? "" : "s")}.");
        }

        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            w.WriteStartDocument();
            if (part is null && parts > 1)
            {
                w.WriteStartElement("sitemapindex", Namespace);
                var self = $"{urls.BaseUrl()}/api/v1/feeds/sitemap.xml";
                for (var i = 1; i <= parts; i++)
                {
                    w.WriteStartElement("sitemap", Namespace);
                    w.WriteElementString("loc", Namespace, string.Create(CultureInfo.InvariantCulture, $"{self}?part={i}"));
                    w.WriteEndElement();
                }
            }
            else
            {
                w.WriteStartElement("urlset", Namespace);
                var rows = await live.OrderBy(a => a.Id).Skip(((part ?? 1) - 1) * SitemapLimit).Take(SitemapLimit)
                    .Select(a => new { a.Id, a.Slug, a.UpdatedAt }).ToListAsync(ct);
                foreach (var row in rows)
                {
                    w.WriteStartElement("url", Namespace);
                    w.WriteElementString("loc", Namespace, urls.For(row.Id, row.Slug));
                    w.WriteElementString("lastmod", Namespace, FeedWriter.Rfc3339(row.UpdatedAt));
                    w.WriteEndElement();
                }
            }

            w.WriteEndElement();
        }

        return File(buffer.ToArray(), SitemapType + "; charset=utf-8");
    }

    private async Task<IActionResult> FeedAsync(FeedQuery query, Func<FeedInfo, IReadOnlyList<FeedItem>, byte[]> write, string type, CancellationToken ct)
    {
        var page = await queries.ListAsync(query.ToListQuery(), ct);
        var items = page.Items.Select(FeedItem.From).ToList();
        var body = write(Describe(query), items);
        return File(body, type + "; charset=utf-8");
    }

    private FeedInfo Describe(FeedQuery query)
    {
        var publisher = options.Value.Publisher.Name;
        var self = $"{urls.BaseUrl()}{Request.Path}{Request.QueryString}";
        var filtered = query.Q is not null || query.HasImages is not null || query.Credit is not null;
        var root = TagRoot();
        return new FeedInfo(
            root + "feed:articles" + (filtered ? Request.QueryString.Value : string.Empty),
            filtered ? $"{publisher}: articles matching {Request.QueryString.Value}" : $"{publisher}: articles",
            $"The newest articles from {publisher}.",
            Home(),
            self,
            publisher,
            root + "article:");
    }

    /// <summary>
    /// <c>tag:host,2026:</c>, the root of every feed and item id: a <c>tag:</c> URI (RFC 4151) names a thing for good
    /// without being a place to fetch, and the article id after it never changes with the article's content.
    /// </summary>
    private string TagRoot() => $"tag:{new Uri(Home()).IdnHost},2026:";

    /// <summary>The site the articles belong to: the public article template's origin, or this API's article list.</summary>
    private string Home() =>
        string.IsNullOrWhiteSpace(options.Value.PublicArticleUrl)
            ? $"{urls.BaseUrl()}/api/v1/articles"
            : new Uri(urls.For(0, "x")).GetLeftPart(UriPartial.Authority) + "/";
}
