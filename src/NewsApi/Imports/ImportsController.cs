using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Hosting;
using NewsApi.Store;

namespace NewsApi.Imports;

/// <summary>The import log: what each run of the importer did with the source folder.</summary>
[ApiController]
[Route("api/v1/imports")]
[Produces("application/json")]
public sealed class ImportsController(
    NewsDbContext db,
    ImportJobs jobs) : ControllerBase
{
    /// <summary>Start an import of the source folder.</summary>
    /// <remarks>The import runs in the background: the answer is 202 with <c>Location</c> naming the run, whose
    /// <c>GET</c> shows its progress (<c>filesSeen</c>, <c>processed</c>) and, when it has finished, its counts and
    /// files. Closing the connection never cancels an import. One import runs at a time: while one runs, another
    /// request gets 409 with <c>Location</c> naming the running one (follow it rather than retrying).
    /// An import adds and updates articles (a file of a removed article brings it back under its old id and slug) and
    /// reports skipped files. The store is the system of record: articles whose files are gone are kept (counted in
    /// <c>missing</c>) unless <c>prune=true</c>, and even then articles created through the API are kept, and nothing
    /// is removed when any folder or file could not be read, or when the folder holds no files at all (unless
    /// <c>allowEmpty=true</c>): the run's <c>status</c> is then <c>incomplete</c>. Needs an API key.</remarks>
    /// <param name="prune" example="false">Remove (leaving a tombstone that answers 410) the imported articles whose files are gone.</param>
    /// <param name="allowEmpty" example="false">With <c>prune</c>, let a folder without any file remove every imported article.</param>
    /// <response code="202">The run started; <c>Location</c> is its URL.</response>
    /// <response code="409">An import is running; <c>Location</c> is its URL.</response>
    [HttpPost]
    [Authorize]
    [ProducesResponseType<ImportRunResponse>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, ProblemJson.ContentType)]
    public async Task<ActionResult<ImportRunResponse>> StartImport([FromQuery] bool prune = false, [FromQuery] bool allowEmpty = false)
    {
        var job = await jobs.StartAsync(prune, allowEmpty);
        var location = Url.Action(nameof(GetImport), new { id = job.RunId })!;
        if (!job.Started)
        {
            Response.Headers.Location = location;
            var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, StatusCodes.Status409Conflict, "Import already running",
                detail: $"Import run {job.RunId} is still running; follow Location to see its progress, and start another when it has finished.");
            problem.Extensions["runId"] = job.RunId;
            return new ObjectResult(problem) { StatusCode = StatusCodes.Status409Conflict, ContentTypes = { ProblemJson.ContentType } };
        }

        // CancellationToken.None: the run is under way whatever this client does next.
        var run = await LoadAsync(job.RunId, CancellationToken.None);
        return Accepted(location, run);
    }

    /// <summary>Get one import run.</summary>
    /// <remarks>While it runs: <c>status</c> <c>running</c>, <c>filesSeen</c> (the files found) and <c>processed</c>
    /// (how many of them are committed), updated after every batch. Then its final counts and every file that was
    /// skipped, restored, removed or imported with diagnostics. A run cut short by a crash shows <c>interrupted</c>
    /// after the next start; one stopped by shutdown shows <c>interrupted</c> at once.</remarks>
    /// <param name="id" example="1">The run's id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The run.</response>
    /// <response code="404">No run has this id.</response>
    [HttpGet("{id:int}")]
    [ProducesResponseType<ImportRunResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    public async Task<ActionResult<ImportRunResponse>> GetImport(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) is { } run
            ? run
            : Problem(statusCode: StatusCodes.Status404NotFound, title: "Import run not found", detail: $"No import run has the id {id}.");

    /// <summary>Get the latest import run.</summary>
    /// <remarks>Counts of files seen, imported, updated, unchanged, removed, skipped and missing, and every file that was
    /// skipped, restored, removed or imported with diagnostics (file, code, line, message). A run that could not read
    /// part of the folder has the status <c>incomplete</c> and lists each unreadable folder with the outcome
    /// <c>unreadable</c>.</remarks>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">The latest run.</response>
    /// <response code="404">No import has run yet.</response>
    [HttpGet("latest")]
    [ProducesResponseType<ImportRunResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson.ContentType)]
    public async Task<ActionResult<ImportRunResponse>> GetLatestImport(CancellationToken ct)
    {
        var latest = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return latest is { } id && await LoadAsync(id, ct) is { } run
            ? run
            : Problem(statusCode: StatusCodes.Status404NotFound, title: "No import yet", detail: "The importer has not run yet.");
    }

    private async Task<ImportRunResponse?> LoadAsync(int id, CancellationToken ct)
    {
        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
        {
            return null;
        }

        var files = await db.ImportFileResults.AsNoTracking().Where(f => f.ImportRunId == run.Id).OrderBy(f => f.FileName).ToListAsync(ct);
        return new ImportRunResponse(run.Id, run.Status, run.StartedAt, run.FinishedAt, run.FilesSeen,
            run.Imported + run.Updated + run.Unchanged + run.Skipped, run.Imported, run.Updated,
            run.Unchanged, run.Removed, run.Skipped, run.Missing,
            files.Select(f => new ImportFileResponse(f.FileName, f.Outcome, f.ArticleId,
                f.Diagnostics.Select(DiagnosticResponse.From).ToList())).ToList());
    }
}
