using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NewsApi.Contracts;
using NewsApi.Data.Import;
using NewsApi.Hosting;

namespace NewsApi.Articles;

/// <summary>Adding, correcting and removing articles, and re-scanning the source folder. Needs an API key.</summary>
[ApiController]
[Authorize]
[Produces("application/json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson.ContentType)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, ProblemJson.ContentType)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, ProblemJson.ContentType)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status507InsufficientStorage, ProblemJson.ContentType)]
public sealed class ArticleWritesController(
    ArticleStore store,
    ArticleDetails details,
    IOptions<NewsApiOptions> options,
    ArticleRepresentation representation) : ControllerBase
{

    /// <summary>Add an article from source text.</summary>
    /// <remarks>The body is one article in the source text format, as <c>text/plain</c> or as the single file of a
    /// <c>multipart/form-data</c> upload (at most 1 MB by default). The store keeps the text (see the <c>export</c>
    /// verb); the source folder is not written.</remarks>
    /// <param name="ct">Cancellation.</param>
    /// <response code="201">The parsed article; <c>Location</c> is its URL. Also the replayed answer to a retry with the same <c>Idempotency-Key</c>.</response>
    /// <response code="413">The upload is larger than the limit.</response>
    /// <response code="415">The body is neither <c>text/plain</c> nor <c>multipart/form-data</c>.</response>
    /// <response code="422">The text is not an article (the problem's <c>diagnostics</c> say why), or the <c>Idempotency-Key</c> was used for a different request.</response>
    [HttpPost("api/v1/articles")]
    [Consumes("text/plain", "multipart/form-data")]
    [ReadsBodyItself]
    [ProducesResponseType<ArticleResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson.ContentType)]
    public async Task<ActionResult<ArticleResponse>> CreateArticle(CancellationToken ct)
    {
        // Read here rather than bound, so the document names the header as sent (HttpHeadersOperationFilter documents it).
        string? idempotencyKey = Request.Headers.TryGetValue("Idempotency-Key", out var keys) ? keys.ToString() : null;
        if (idempotencyKey is { Length: 0 or > 200 })
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Idempotency-Key",
                detail: "An Idempotency-Key must be 1 to 200 characters.");
        }

        var text = await ReadArticleTextAsync(ct);
        if (text.Problem is not null)
        {
            return text.Problem;
        }

        if (idempotencyKey is not null)
        {
            return await CreateIdempotentlyAsync(idempotencyKey, text.Bytes!, ct);
        }

        var result = await store.CreateAsync(text.Bytes!, ct);
        if (!result.Succeeded)
        {
            return Unprocessable(result);
        }

        var article = await details.LoadAsync(result.ArticleId!.Value, ct);
        return CreatedAtAction(nameof(ArticlesController.GetArticle), "Articles", new { idOrSlug = article!.Id }, article);
    }

    private async Task<ActionResult<ArticleResponse>> CreateIdempotentlyAsync(string key, byte[] text, CancellationToken ct)
    {
        // Scoped to the caller's API key: two clients choosing the same key do not see each other's answers.
        var caller = Request.Headers[ApiKeyAuthenticationHandler.Header].ToString();
        var keyHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(caller + "\n" + key)));
        var requestHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(text));
        var result = await store.CreateAsync(text, ct, new IdempotentCreate(keyHash, requestHash, async (id, token) =>
        {
            var article = await details.LoadAsync(id, token);
            var location = Url.Action(nameof(ArticlesController.GetArticle), "Articles", new { idOrSlug = id }, Request.Scheme, Request.Host.Value)!;
            return (location, representation.Render(article!).Json);
        }));
        switch (result.Status)
        {
            case ArticleWriteStatus.KeyReused:
                return Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was used for a request with a different body; use a new key for a new article.");
            case ArticleWriteStatus.Rejected:
                return Unprocessable(result);
        }

        var answer = result.Replay!;
        Response.StatusCode = answer.Status;
        Response.Headers.Location = answer.Location;
        Response.ContentType = "application/json; charset=utf-8";
        await Response.Body.WriteAsync(answer.Body, CancellationToken.None);
        return new EmptyResult();
    }

    /// <summary>Replace an article from new source text.</summary>
    /// <remarks>Keeps the article's id and slug. Send <c>If-Match</c> with the ETag from a GET of the article to avoid
    /// overwriting a change you have not seen: a stale ETag gets 412. The ETag is compared in the same transaction that
    /// writes, so of several writes sent with one ETag exactly one succeeds. A missing or removed article answers 404 or
    /// 410 whatever <c>If-Match</c> says (RFC 9110 §13.2.1: preconditions are evaluated only when the request would
    /// otherwise succeed).</remarks>
    /// <param name="id" example="1">The article id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The article as now stored.</response>
    /// <response code="404">No article has this id.</response>
    /// <response code="410">The article with this id was removed; ids are never reused.</response>
    /// <response code="412">The article changed since the ETag in <c>If-Match</c>.</response>
    /// <response code="413">The upload is larger than the limit.</response>
    /// <response code="415">The body is neither <c>text/plain</c> nor <c>multipart/form-data</c>.</response>
    /// <response code="422">The text is not an article; the problem's <c>diagnostics</c> say why.</response>
    [HttpPut("api/v1/articles/{id:int}")]
    [Consumes("text/plain", "multipart/form-data")]
    [ReadsBodyItself]
    [ProducesResponseType<ArticleResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson.ContentType)]
    public async Task<ActionResult<ArticleResponse>> ReplaceArticle(int id, CancellationToken ct)
    {
        var text = await ReadArticleTextAsync(ct);
        if (text.Problem is not null)
        {
            return text.Problem;
        }

        var result = await store.ReplaceAsync(id, text.Bytes!, Precondition(), ct);
        return result.Status == ArticleWriteStatus.Done ? (await details.LoadAsync(id, ct))! : await FailedAsync(result);
    }

    /// <summary>Delete an article.</summary>
    /// <remarks>Teasers in other articles that named it become unresolved. Honours <c>If-Match</c> like PUT.</remarks>
    /// <param name="id" example="1">The article id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No article has this id.</response>
    /// <response code="410">The article with this id was removed already.</response>
    /// <response code="412">The article changed since the ETag in <c>If-Match</c>.</response>
    [HttpDelete("api/v1/articles/{id:int}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ProblemJson.ContentType)]
    public async Task<IActionResult> DeleteArticle(int id, CancellationToken ct)
    {
        var result = await store.DeleteAsync(id, Precondition(), ct);
        return result.Status == ArticleWriteStatus.Done ? NoContent() : await FailedAsync(result);
    }

    /// <summary>
    /// The <c>If-Match</c> check, run by the store inside the write's transaction. The current ETag comes from
    /// <see cref="ArticleRepresentation"/>, the one producer of the bytes and ETag GET sends.
    /// </summary>
    private ArticleStore.Precondition? Precondition()
    {
        var ifMatch = Request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }

        return async (id, ct) =>
        {
            if (await details.LoadAsync(id, ct) is not { } current)
            {
                return false;
            }

            var etag = EntityTagHeaderValue.Parse(representation.Render(current).ETag);
            return EntityTagHeaderValue.TryParseList(ifMatch, out var tags)
                && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: true));
        };
    }

    private async Task<ObjectResult> FailedAsync(ArticleWriteResult result)
    {
        var id = result.ArticleId ?? 0;
        switch (result.Status)
        {
            case ArticleWriteStatus.NotFound:
                return NotFoundProblem(id);
            case ArticleWriteStatus.Gone:
                var removed = await details.FindRemovedAsync(ArticleKey.Parse(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
                var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, StatusCodes.Status410Gone, "Article removed",
                    detail: $"Article {id} was removed{(removed is null ? "" : $" ({removed.Reason})")}; its id is never reused.");
                problem.Extensions["articleId"] = id;
                if (removed is not null)
                {
                    problem.Extensions["slug"] = removed.Slug;
                    problem.Extensions["removedAt"] = removed.RemovedAt;
                }

                return new ObjectResult(problem) { StatusCode = StatusCodes.Status410Gone, ContentTypes = { ProblemJson.ContentType } };
            case ArticleWriteStatus.PreconditionFailed:
                return Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
                    detail: $"Article {id} has changed since that ETag; GET it again and retry with the new ETag.");
            default:
                return Unprocessable(result);
        }
    }

    private async Task<(byte[]? Bytes, ObjectResult? Problem)> ReadArticleTextAsync(CancellationToken ct)
    {
        var limit = options.Value.MaxArticleBytes;
        if (Request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        try
        {
            return await ReadBodyAsync(limit, ct);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limit (Kestrel:Limits:MaxRequestBodySize) cuts a chunked body (or a multipart form) off
            // mid-read, and a malformed chunked body fails the read: both are the client's fault, not a 500.
            var kestrelLimit = HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge((int)Math.Min(limit, kestrelLimit ?? limit))
                : Unreadable(e.StatusCode));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // A chunk size that overflows (FFFFFFFFFFFFFFFFFF) surfaces as an IOException, not a
            // BadHttpRequestException; a broken multipart body as InvalidDataException.
            return (null, Unreadable(StatusCodes.Status400BadRequest));
        }
    }

    private ObjectResult Unreadable(int status) =>
        Problem(statusCode: status, title: "Unreadable request body", detail: "The request body could not be read.");

    private async Task<(byte[]? Bytes, ObjectResult? Problem)> ReadBodyAsync(int limit, CancellationToken ct)
    {
        Stream source;
        if (Request.HasFormContentType)
        {
            var form = await Request.ReadFormAsync(ct);
            if (form.Files.Count != 1)
            {
                return (null, Problem(statusCode: StatusCodes.Status400BadRequest, title: "One file expected",
                    detail: $"A multipart upload must hold exactly one file; it held {form.Files.Count}."));
            }

            if (form.Files[0].Length > limit)
            {
                return (null, TooLarge(limit));
            }

            source = form.Files[0].OpenReadStream();
        }
        else
        {
            source = Request.Body;
        }

        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), null);
        }
    }

    private ObjectResult TooLarge(int limit) =>
        Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Article too large", detail: $"An article may be at most {limit:N0} bytes.");

    private ObjectResult NotFoundProblem(int id) =>
        Problem(statusCode: StatusCodes.Status404NotFound, title: "Article not found", detail: $"No article has the id {id}.");

    private ObjectResult Unprocessable(ArticleWriteResult result)
    {
        var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, StatusCodes.Status422UnprocessableEntity,
            "Not an article", detail: $"{result.Rejection!.Code} at line {result.Rejection.Line}: {result.Rejection.Message}");
        problem.Extensions["diagnostics"] = result.Parse!.Diagnostics
            .Append(result.Rejection)
            .Select(DiagnosticResponse.From)
            .DistinctBy(d => (d.Code, d.Line))
            .ToList();
        return new ObjectResult(problem) { StatusCode = StatusCodes.Status422UnprocessableEntity, ContentTypes = { ProblemJson.ContentType } };
    }
}

/// <summary>
/// Keeps MVC from reading a form body before the action: its form value provider reads the whole upload eagerly and
/// turns any failure, an upload over Kestrel's body limit included, into a 400 validation problem. The actions read
/// the body themselves and answer 413 for one too large.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ReadsBodyItselfAttribute : Attribute, Microsoft.AspNetCore.Mvc.Filters.IResourceFilter
{
    public void OnResourceExecuting(Microsoft.AspNetCore.Mvc.Filters.ResourceExecutingContext context)
    {
        var factories = context.ValueProviderFactories;
        for (var i = factories.Count - 1; i >= 0; i--)
        {
            if (factories[i] is Microsoft.AspNetCore.Mvc.ModelBinding.FormValueProviderFactory
                or Microsoft.AspNetCore.Mvc.ModelBinding.FormFileValueProviderFactory
                or Microsoft.AspNetCore.Mvc.ModelBinding.JQueryFormValueProviderFactory)
            {
                factories.RemoveAt(i);
            }
        }
    }

    public void OnResourceExecuted(Microsoft.AspNetCore.Mvc.Filters.ResourceExecutedContext context)
    {
    }
}
