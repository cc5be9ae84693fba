using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Data.Import;
using NewsApi.Hosting;
using NewsApi.Store;

namespace NewsApi.Imports;

/// <summary>The import log: what each run of the importer did with the source folder.</summary>
[ApiController]
[Route("api/v1/imports")]
[Produces("application/json")]
public sealed class ImportsController(
    NewsDbContext db,
    ArticleImporter importer,
    IOptions<NewsApiOptions> options,
    IHostEnvironment environment) : ControllerBase
{
    /// <summary>Re-scan the source folder now.</summary>
    /// <remarks>Imports new and changed files (a file of a removed article brings it back under its old id and slug)
    /// and reports skipped files. The store is the system of record: articles whose files are gone are kept (counted
    /// in <c>missing</c>) unless <c>prune=true</c>, and even then articles created through the API are kept, and
    /// nothing is removed when any folder or file could not be read: the run's <c>status</c> is then
    /// <c>incomplete</c> and <c>unreadable</c> lists what could not be read. Needs an API key.</remarks>
    /// <param name="prune" example="false">Remove (leaving a tombstone that answers 410) the imported articles whose files are gone.</param>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">What the import did.</response>
    [HttpPost]
    [Authorize]
    [ProducesResponseType<ImportSummaryResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, ProblemJson.ContentType)]
    public async Task<ActionResult<ImportSummaryResponse>> StartImport([FromQuery] bool prune = false, CancellationToken ct = default) =>
        ImportSummaryResponse.From(await importer.ImportAsync(environment.ResolveSourceDirectory(options.Value), cancellationToken: ct, prune: prune));

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
        var run = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "No import yet", detail: "The importer has not run yet.");
        }

        var files = await db.ImportFileResults.AsNoTracking().Where(f => f.ImportRunId == run.Id).OrderBy(f => f.FileName).ToListAsync(ct);
        return new ImportRunResponse(run.Id, run.Status, run.StartedAt, run.FinishedAt, run.FilesSeen, run.Imported, run.Updated,
            run.Unchanged, run.Removed, run.Skipped, run.Missing,
            files.Select(f => new ImportFileResponse(f.FileName, f.Outcome, f.ArticleId,
                f.Diagnostics.Select(DiagnosticResponse.From).ToList())).ToList());
    }
}
