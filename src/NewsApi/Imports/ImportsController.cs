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
    /// <remarks>Imports new and changed files, removes articles whose files are gone, and reports skipped files.
    /// Needs an API key.</remarks>
    /// <param name="ct">Cancellation.</param>
    /// <response code="200">What the import did.</response>
    [HttpPost]
    [Authorize]
    [ProducesResponseType<ImportSummaryResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, ProblemJson.ContentType)]
    public async Task<ActionResult<ImportSummaryResponse>> StartImport(CancellationToken ct) =>
        ImportSummaryResponse.From(await importer.ImportAsync(environment.ResolveSourceDirectory(options.Value), cancellationToken: ct));

    /// <summary>Get the latest import run.</summary>
    /// <remarks>Counts of files seen, imported, updated, unchanged, removed and skipped, and every file that was
    /// skipped or imported with diagnostics (file, code, line, message).</remarks>
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
            run.Unchanged, run.Removed, run.Skipped,
            files.Select(f => new ImportFileResponse(f.FileName, f.Outcome, f.ArticleId,
                f.Diagnostics.Select(DiagnosticResponse.From).ToList())).ToList());
    }
}
