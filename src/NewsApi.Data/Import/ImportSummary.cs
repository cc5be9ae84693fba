namespace NewsApi.Data.Import;

/// <summary>A file the importer could not turn into an article, and why.</summary>
/// <param name="FileName">Path relative to the source folder.</param>
/// <param name="Code">A stable machine-readable reason, such as <c>empty-file</c>.</param>
/// <param name="Line">The 1-based source line the reason is about; 0 when it is about the whole file.</param>
/// <param name="Message">The reason, for people.</param>
public sealed record SkippedFile(string FileName, string Code, int Line, string Message);

/// <summary>What one import run did.</summary>
/// <param name="RunId">The run's id, as in <c>GET /api/v1/imports/latest</c>.</param>
/// <param name="FilesSeen"><c>*.txt</c> files found in the source folder.</param>
/// <param name="Imported">Files imported as new articles.</param>
/// <param name="Updated">Changed files whose articles were replaced (keeping id and slug).</param>
/// <param name="Unchanged">Files skipped because their content had not changed.</param>
/// <param name="Removed">Articles removed because their files were gone.</param>
/// <param name="Skipped">Files that could not be imported, and why.</param>
/// <param name="Elapsed">How long the run took (<c>hh:mm:ss.fffffff</c>).</param>
public sealed record ImportSummary(
    int RunId,
    int FilesSeen,
    int Imported,
    int Updated,
    int Unchanged,
    int Removed,
    IReadOnlyList<SkippedFile> Skipped,
    TimeSpan Elapsed)
{
    /// <summary>True when the store changed: anything imported, updated or removed.</summary>
    public bool Changed => Imported + Updated + Removed > 0;
}

/// <summary>Progress of a running import: files handled so far out of the total.</summary>
public readonly record struct ImportProgress(int Done, int Total);
