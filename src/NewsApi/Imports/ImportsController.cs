using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Hosting;

namespace NewsApi.Imports;

/// <summary>The import log: what each run of the importer did with the source folder.</summary>
[ApiController]
[Route("api/v1/imports")]
[Produces("application/json")]
public sealed class ImportsController(NewsDbContext db) : ControllerBase
{
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
                f.Diagnostics.Select(d => new DiagnosticResponse(d.Severity, d.Code, d.Line, d.Message)).ToList())).ToList());
    }
}
