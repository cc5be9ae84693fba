using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Hosting;
using NewsApi.Paging;

namespace NewsApi.Articles;

/// <summary>Articles parsed from the source folder.</summary>
[ApiController]
[Route("api/v1/articles")]
[Produces("application/json")]
[ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson.ContentType)]
public sealed class ArticlesController(
    NewsDbContext db, ArticleQueries queries, ArticleDetails details, ArticleTeasers teasers, ArticleRepresentation representation, ArticleBodyHtml bodyHtml, ArticleUrls urls,
    Microsoft.Extensions.Options.IOptions<NewsApiOptions> options) : ControllerBase
{
    /// <summary>List or search articles.</summary>
    /// <remarks>
    /// Pages by <c>page</c> and <c>pageSize</c>, or by <c>after</c> (the <c>nextCursor</c> of the previous page) for
    /// infinite scroll at constant cost. Totals are in the body and in <c>X-Total-Count</c>; <c>Link</c> has first, prev,
    /// next and last.
    ///
    /// Search with <c>q</c>: words must all match (<c>north korea</c>), <c>"exact phrase"</c>, <c>trump OR kim</c>,
    /// <c>-excluded</c>, <c>prefix*</c>. Case and accents do not matter (<c>cafe</c> finds <c>café</c>). Results are
    /// ordered by relevance (bm25 weighting title 10, body 1, captions 2, so a title match ranks above a body match)
    /// unless <c>sort</c> is given, and carry a <c>score</c> and HTML-safe <c>highlights</c> with matches in
    /// <c>&lt;mark&gt;</c>. Filters and paging apply to the matches.
    ///
    /// Anything else is plain text: FTS5 operators (<c>AND</c>, <c>NOT</c>, <c>NEAR</c>), column filters
    /// (<c>title:</c>), brackets, <c>^</c> and stray quotes are words or separators, and a hyphen inside a word
    /// (<c>all-day</c>) does not exclude. A <c>q</c> longer than 500 characters, with more than 32 terms, with no
    /// words, or with only exclusions is a 400 whose <c>errors.q</c> says which.
    ///
    /// Trim each item with <c>fields=id,title,leadImage</c> (top-level names only; the envelope stays).
    /// </remarks>
    /// <response code="200">A page of articles.</response>
    /// <response code="400">A parameter is malformed, out of range, unknown or repeated.</response>
    [HttpGet]
    [ProducesResponseType<PagedResponse<ArticleSummaryResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<PagedResponse<ArticleSummaryResponse>>> ListArticles([FromQuery] ArticleListQuery query, CancellationToken ct)
    {
        var (fields, error) = FieldSelection.Parse<ArticleSummaryResponse>(query.Fields);
        if (error is not null)
        {
            return FieldsProblem(error);
        }

        var page = await queries.ListAsync(query, ct);
        Response.WritePagingHeaders(Request, page);
        return fields is null ? page : File(representation.RenderPage(page, fields), "application/json; charset=utf-8");
    }

    /// <summary>Get one article by id or slug.</summary>
    /// <remarks>The whole article in one request: body blocks in reading order, images with captions and credits,
    /// related links resolved to the articles they name, and the source file it came from. <c>fields</c> trims it to
    /// the top-level properties named; the trimmed response has its own ETag.
    ///
    /// <c>include=bodyHtml</c> adds <c>bodyHtml</c>, the body as escaped HTML5 ready to insert into a page. With
    /// <c>fields</c>, <c>include=bodyHtml</c> keeps <c>bodyHtml</c> beside the fields named
    /// (<c>fields=id,title&amp;include=bodyHtml</c> is id, title and bodyHtml), and naming <c>bodyHtml</c> in
    /// <c>fields</c> includes it too. A response with <c>bodyHtml</c> has its own ETag. The article list has no
    /// <c>include</c>.</remarks>
    /// <param name="idOrSlug" example="north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit">The numeric id (<c>1</c>) or the slug (<c>north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit</c>).</param>
    /// <param name="fields" example="id,title,summary">Only these top-level properties, comma-separated (<c>id,title,summary</c>). Dotted names are not supported: a nested object comes whole. An unknown name is a 400 listing the valid ones; an empty <c>fields</c> is the same as none.</param>
    /// <param name="include" example="bodyHtml">Extra representations to add, comma-separated. The only one is <c>bodyHtml</c> (the body as safe HTML5). An unknown value is a 400 listing the valid ones; an empty <c>include</c> is the same as none.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The article.</response>
    /// <response code="308">The id or slug is spelt other than canonically (<c>01</c>, <c>North-Korean-...</c>): <c>Location</c> has the canonical URL.</response>
    /// <response code="404">No article has this id or slug.</response>
    /// <response code="410">The article with this id or slug was removed; <c>removedAt</c> says when.</response>
    [HttpGet("{idOrSlug}")]
    [ProducesResponseType<ArticleResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, ProblemJson.ContentType)]
    public async Task<ActionResult<ArticleResponse>> GetArticle(string idOrSlug, [FromQuery, StringLength(1000)] string? fields,
        [FromQuery, StringLength(200)] string? include, CancellationToken ct)
    {
        var (selection, error) = FieldSelection.Parse<ArticleResponse>(fields);
        if (error is not null)
        {
            return FieldsProblem(error);
        }

        var (includes, includeError) = ArticleIncludes.Parse(include);
        if (includeError is not null)
        {
            return ParameterProblem("include", includeError, "include names a representation the API does not have.");
        }

        var withHtml = includes.Contains(ArticleIncludes.BodyHtml) || selection?.Contains(ArticleIncludes.BodyHtml) == true;
        selection = withHtml ? selection?.With(ArticleIncludes.BodyHtml) : selection;

        // A canonical numeric id needs no lookup first: loading finds out whether it exists.
        var key = ArticleKey.Parse(idOrSlug);
        int id;
        if (key is { Id: { } numeric, IsCanonical: true })
        {
            id = numeric;
        }
        else
        {
            var (found, answer) = await ResolveAsync(idOrSlug, string.Empty, ct);
            if (answer is not null)
            {
                return answer;
            }

            id = found;
        }

        var article = await details.LoadAsync(id, ct);
        if (article is null)
        {
            return await MissingAsync(idOrSlug, ct);
        }

        if (withHtml)
        {
            article = article with { BodyHtml = bodyHtml.Render(article) };
        }

        var rendered = representation.Render(article, selection);
        Response.Headers.ETag = rendered.ETag;
        Response.Headers.LastModified = rendered.LastModified;
        return File(rendered.Json, "application/json; charset=utf-8");
    }

    /// <summary>Get one article as schema.org JSON-LD.</summary>
    /// <remarks>A <c>NewsArticle</c> for search engines: <c>@id</c> and <c>url</c> are the article's <c>url</c>,
    /// <c>headline</c>, <c>description</c> (the summary), <c>articleBody</c> (the paragraphs), <c>wordCount</c>,
    /// <c>dateModified</c>, <c>publisher</c> (<c>NewsApi:Publisher:Name</c>) and the resolved teasers' urls as
    /// <c>relatedLink</c>.</remarks>
    /// <param name="idOrSlug" example="north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit">The article's id or slug.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The article's JSON-LD.</response>
    /// <response code="308">The id or slug is spelt other than canonically: <c>Location</c> has the canonical URL.</response>
    /// <response code="404">No article has this id or slug.</response>
    /// <response code="410">The article with this id or slug was removed; <c>removedAt</c> says when.</response>
    [HttpGet("{idOrSlug}/jsonld")]
    [Produces(ArticleJsonLd.ContentType)]
    [ProducesResponseType<ArticleJsonLd.NewsArticle>(StatusCodes.Status200OK, ArticleJsonLd.ContentType)]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, ProblemJson.ContentType)]
    public async Task<IActionResult> GetArticleJsonLd(string idOrSlug, CancellationToken ct)
    {
        var (id, answer) = await ResolveAsync(idOrSlug, "/jsonld", ct);
        if (answer is not null)
        {
            return answer;
        }

        if (await details.LoadAsync(id, ct) is not { } article)
        {
            return await MissingAsync(idOrSlug, ct);
        }

        var jsonLd = ArticleJsonLd.From(article, options.Value.Publisher.Name, urls.For);
        var json = HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        return File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(jsonLd, json), ArticleJsonLd.ContentType + "; charset=utf-8");
    }

    /// <summary>List an article's images.</summary>
    /// <remarks>The same images as in the article's <c>images</c>, in body order: caption, credit as written,
    /// credit split into agency and photographer, and the source lines.</remarks>
    /// <param name="idOrSlug" example="1">The article's id or slug.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The images in body order.</response>
    /// <response code="308">The id or slug is spelt other than canonically: <c>Location</c> has the canonical URL.</response>
    /// <response code="404">No article has this id or slug.</response>
    /// <response code="410">The article with this id or slug was removed; <c>removedAt</c> says when.</response>
    [HttpGet("{idOrSlug}/images")]
    [ProducesResponseType<IReadOnlyList<ImageResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, ProblemJson.ContentType)]
    public async Task<ActionResult<IReadOnlyList<ImageResponse>>> ListArticleImages(string idOrSlug, CancellationToken ct)
    {
        var (id, answer) = await ResolveAsync(idOrSlug, "/images", ct);
        return answer ?? (ActionResult<IReadOnlyList<ImageResponse>>)await details.ImagesOfAsync(id, ct);
    }

    /// <summary>List an article's related links.</summary>
    /// <remarks>The article's related-link teasers (<c>MORE: headline</c>) in body order. A teaser whose headline
    /// names an article in the store has its <c>targetArticleId</c> and <c>targetSlug</c>; otherwise they are null.</remarks>
    /// <param name="idOrSlug" example="1">The article's id or slug.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The related-link teasers in body order, each resolved to its article when it is in the store.</response>
    /// <response code="308">The id or slug is spelt other than canonically: <c>Location</c> has the canonical URL.</response>
    /// <response code="404">No article has this id or slug.</response>
    /// <response code="410">The article with this id or slug was removed; <c>removedAt</c> says when.</response>
    [HttpGet("{idOrSlug}/related-links")]
    [ProducesResponseType<IReadOnlyList<RelatedLinkResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, ProblemJson.ContentType)]
    public async Task<ActionResult<IReadOnlyList<RelatedLinkResponse>>> ListArticleRelatedLinks(string idOrSlug, CancellationToken ct)
    {
        var (id, answer) = await ResolveAsync(idOrSlug, "/related-links", ct);
        return answer ?? (ActionResult<IReadOnlyList<RelatedLinkResponse>>)await details.RelatedLinksOfAsync(id, ct);
    }

    /// <summary>List the articles that link to this one.</summary>
    /// <remarks>The reverse of related links: every article with a teaser resolved to this article, ordered by id,
    /// each as the same teaser card a related link's <c>target</c> is (id, slug, title, summary, leadImage, url).
    /// Empty when none links here.</remarks>
    /// <param name="idOrSlug" example="1">The article's id or slug.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">Articles whose related-link teasers name this article, by id.</response>
    /// <response code="308">The id or slug is spelt other than canonically: <c>Location</c> has the canonical URL.</response>
    /// <response code="404">No article has this id or slug.</response>
    /// <response code="410">The article with this id or slug was removed; <c>removedAt</c> says when.</response>
    [HttpGet("{idOrSlug}/backlinks")]
    [ProducesResponseType<IReadOnlyList<ArticleTeaserResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, ProblemJson.ContentType)]
    public async Task<ActionResult<IReadOnlyList<ArticleTeaserResponse>>> ListArticleBacklinks(string idOrSlug, CancellationToken ct)
    {
        var (id, answer) = await ResolveAsync(idOrSlug, "/backlinks", ct);
        if (answer is not null)
        {
            return answer;
        }

        var linking = await db.RelatedLinks.AsNoTracking().Where(r => r.TargetArticleId == id)
            .Select(r => r.ArticleId).Distinct().ToListAsync(ct);
        var cards = await teasers.LoadAsync(linking, ct);
        return cards.Values.OrderBy(c => c.Id).ToList();
    }

    /// <summary>
    /// The id of the article <paramref name="idOrSlug"/> names, or the answer instead: a 410 or 404 problem when there is none,
    /// a permanent redirect (308, so HEAD stays HEAD; query string kept) when it is spelt other than its canonical id or
    /// slug, so clients and caches converge on one URL per article.
    /// </summary>
    private async Task<(int Id, ActionResult? Answer)> ResolveAsync(string idOrSlug, string subPath, CancellationToken ct)
    {
        if (await details.ResolveAsync(ArticleKey.Parse(idOrSlug), ct) is not { } article)
        {
            return (0, await MissingAsync(idOrSlug, ct));
        }

        if (article.Key == idOrSlug)
        {
            return (article.Id, null);
        }

        var url = $"{Request.PathBase}/api/v1/articles/{Uri.EscapeDataString(article.Key)}{subPath}{Request.QueryString}";
        return (article.Id, new RedirectResult(url, permanent: true, preserveMethod: true));
    }

    /// <summary>410 for the id or slug of a removed article (they are never reused), otherwise 404.</summary>
    private async Task<ObjectResult> MissingAsync(string idOrSlug, CancellationToken ct)
    {
        if (await details.FindRemovedAsync(ArticleKey.Parse(idOrSlug), ct) is not { } removed)
        {
            return NotFoundProblem(idOrSlug);
        }

        var when = removed.RemovedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, StatusCodes.Status410Gone, "Article removed",
            detail: $"Article {removed.ArticleId} ('{removed.Slug}') was removed at {when} ({removed.Reason}).");
        problem.Extensions["articleId"] = removed.ArticleId;
        problem.Extensions["slug"] = removed.Slug;
        problem.Extensions["removedAt"] = removed.RemovedAt;
        return new ObjectResult(problem) { StatusCode = StatusCodes.Status410Gone, ContentTypes = { ProblemJson.ContentType } };
    }

    private BadRequestObjectResult FieldsProblem(string error) =>
        ParameterProblem("fields", error, "fields names a property the response does not have.");

    private BadRequestObjectResult ParameterProblem(string parameter, string error, string detail)
    {
        ModelState.AddModelError(parameter, error);
        var problem = ProblemDetailsFactory.CreateValidationProblemDetails(HttpContext, ModelState, StatusCodes.Status400BadRequest, detail: detail);
        return new BadRequestObjectResult(problem) { ContentTypes = { ProblemJson.ContentType } };
    }

    private ObjectResult NotFoundProblem(string idOrSlug) =>
        Problem(statusCode: StatusCodes.Status404NotFound, title: "Article not found",
            detail: $"No article has the id or slug '{(idOrSlug.Length > 100 ? idOrSlug[..100] + "…" : idOrSlug)}'.");
}
