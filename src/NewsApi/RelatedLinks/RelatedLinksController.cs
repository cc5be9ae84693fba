using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsApi.Articles;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Hosting;
using NewsApi.Paging;

namespace NewsApi.RelatedLinks;

/// <summary>Related-link teasers (<c>MORE: headline</c>) of all articles, resolved to the articles they name.</summary>
[ApiController]
[Route("api/v1/related-links")]
[Produces("application/json")]
[ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson.ContentType)]
public sealed class RelatedLinksController(NewsDbContext db, ArticleTeasers teasers) : ControllerBase
{
    /// <summary>List related links.</summary>
    /// <remarks>Paged like the article list, ordered by id. <c>resolved=false</c> lists teasers whose article is not in the store.</remarks>
    /// <response code="200">A page of related links, each with the article that holds it.</response>
    /// <response code="400">A parameter is malformed, out of range, unknown or repeated.</response>
    [HttpGet]
    [ProducesResponseType<PagedResponse<RelatedLinkWithArticleResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<PagedResponse<RelatedLinkWithArticleResponse>>> ListRelatedLinks([FromQuery] RelatedLinkListQuery query, CancellationToken ct)
    {
        var links = db.RelatedLinks.AsNoTracking();
        if (query.ArticleId is { } articleId)
        {
            links = links.Where(r => r.ArticleId == articleId);
        }

        if (query.Resolved is { } resolved)
        {
            links = resolved ? links.Where(r => r.TargetArticleId != null) : links.Where(r => r.TargetArticleId == null);
        }

        var scope = CursorScope.For("related-links", "id", ("articleId", query.ArticleId), ("resolved", query.Resolved));
        var page = await links.PageByIdAsync(query, scope, Projection, r => r.Id, ct);
        page = page with { Items = await teasers.WithTargetsAsync(page.Items.ToList(), ct) };
        Response.WritePagingHeaders(Request, page);
        return page;
    }

    /// <summary>Get one related link.</summary>
    /// <remarks>The teaser as written, its marker, the article it names when that article is in the store, and
    /// a reference to the article whose body holds it.</remarks>
    /// <param name="id" example="1">The related-link id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The related link, with the article that holds it and the article it names (or null).</response>
    /// <response code="404">No related link has this id.</response>
    [HttpGet("{id:int}")]
    [ProducesResponseType<RelatedLinkWithArticleResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    public async Task<ActionResult<RelatedLinkWithArticleResponse>> GetRelatedLink(int id, CancellationToken ct)
    {
        var link = await db.RelatedLinks.AsNoTracking().Where(r => r.Id == id).Select(Projection).FirstOrDefaultAsync(ct);
        return link is null
            ? Problem(statusCode: StatusCodes.Status404NotFound, title: "Related link not found", detail: $"No related link has the id {id}.")
            : (await teasers.WithTargetsAsync([link], ct))[0];
    }

    private static readonly System.Linq.Expressions.Expression<Func<Data.Entities.RelatedLink, RelatedLinkWithArticleResponse>> Projection =
        r => new RelatedLinkWithArticleResponse(r.Id, r.Position, r.Title, r.Marker, r.TargetArticleId,
            r.TargetArticle == null ? null : r.TargetArticle.Slug, new LineRangeResponse(r.FirstLine, r.LastLine),
            new ArticleReference(r.Article!.Id, r.Article.Slug, r.Article.Title));
}
