using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Data.Postgres.Search;
using NewsApi.Hosting;
using NewsApi.Paging;
using NewsApi.Search;

namespace NewsApi.Images;

/// <summary>Images of all articles, with captions and parsed credits.</summary>
[ApiController]
[Route("api/v1/images")]
[Produces("application/json")]
[ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson.ContentType)]
public sealed class ImagesController(NewsDbContext db) : ControllerBase
{
    /// <summary>List or search images.</summary>
    /// <remarks>Paged like the article list (<c>page</c>/<c>pageSize</c> or <c>after</c>), ordered by id.
    /// <c>q</c> searches captions and credits with the same syntax as article search.</remarks>
    /// <response code="200">A page of images, each with its article.</response>
    /// <response code="400">A parameter is malformed, out of range, unknown or repeated.</response>
    [HttpGet]
    [ProducesResponseType<PagedResponse<ImageWithArticleResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<PagedResponse<ImageWithArticleResponse>>> ListImages([FromQuery] ImageListQuery query, CancellationToken ct)
    {
        var images = db.Images.AsNoTracking();
        if (query.ArticleId is { } articleId)
        {
            images = images.Where(i => i.ArticleId == articleId);
        }

        if (query.Credit is { } credit)
        {
            var pattern = LikePatterns.Contains(credit);
            images = PostgresQueries.Serves(db)
                ? PostgresQueries.CreditLike(images, pattern)
                : images.Where(i => EF.Functions.Like(i.Credit!, pattern, "\\"));
        }

        if (query.Q is { } q)
        {
            var search = FtsQuery.TryParse(q, out var error) ?? throw new QueryParameterException("q", error!);
            var hits = PostgresQueries.Serves(db)
                ? PostgresQueries.ImageMatches(db, search)
                : db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM ImageSearch WHERE ImageSearch MATCH {search.ToFts5()}");
            images = images.Where(i => hits.Contains(i.Id));
        }

        var scope = CursorScope.For("images", "id", ("articleId", query.ArticleId), ("credit", query.Credit), ("q", query.Q));
        var page = await images.PageByIdAsync(query, scope,
            i => new ImageWithArticleResponse(i.Id, i.Position, i.Caption, i.Credit, i.CreditAgency, i.CreditPhotographer,
                new LineRangeResponse(i.FirstLine, i.LastLine), new ArticleReference(i.Article!.Id, i.Article.Slug, i.Article.Title)),
            i => i.Id, ct);
        Response.WritePagingHeaders(Request, page);
        return page;
    }

    /// <summary>Get one image with its article's id, slug and title.</summary>
    /// <remarks>Caption, credit as written, credit split into agency and photographer, source lines, and a
    /// reference to the article whose body holds the image.</remarks>
    /// <param name="id" example="1">The image id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The image.</response>
    /// <response code="404">No image has this id.</response>
    [HttpGet("{id:int}")]
    [ProducesResponseType<ImageWithArticleResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    public async Task<ActionResult<ImageWithArticleResponse>> GetImage(int id, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new ImageWithArticleResponse(i.Id, i.Position, i.Caption, i.Credit, i.CreditAgency, i.CreditPhotographer,
                new LineRangeResponse(i.FirstLine, i.LastLine), new ArticleReference(i.Article!.Id, i.Article.Slug, i.Article.Title)))
            .FirstOrDefaultAsync(ct);
        return image is null
            ? Problem(statusCode: StatusCodes.Status404NotFound, title: "Image not found", detail: $"No image has the id {id}.")
            : image;
    }
}
