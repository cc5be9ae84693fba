namespace NewsApi.Data.Import;

/// <summary>A file the importer could not turn into an article, and why.</summary>
/// <param name="FileName">Path relative to the source folder.</param>
/// <param name="Code">A stable machine-readable reason, such as <c>empty-file</c>.</param>
/// <param name="Line">The 1-based source line the reason is about; 0 when it is about the whole file.</param>
/// <param name="Message">The reason, for people.</param>
public sealed record SkippedFile(string FileName, string Code, int Line, string Message);

/// <summary>What one import run did.</summary>
/// <remarks>
/// <c>Status</c> is <c>completed</c>, or <c>incomplete</c> when a folder or file could not be read (listed in
/// <c>Unreadable</c>; then nothing was removed). <c>Missing</c> counts the articles whose files were not found and
/// that were kept: the run did not prune, could not (it was incomplete), or they were created through the API.
/// </remarks>
public sealed record ImportSummary(
    int RunId,
    int FilesSeen,
    int Imported,
    int Updated,
    int Unchanged,
    int Removed,
    IReadOnlyList<SkippedFile> Skipped,
    TimeSpan Elapsed,
    string Status = ImportStatus.Completed,
    IReadOnlyList<SkippedFile>? Unreadable = null,
    int Missing = 0)
{
    /// <summary>True when the store changed: anything imported, updated or removed.</summary>
    public bool Changed => Imported + Updated + Removed > 0;
}

/// <summary>The states of an import run in the import log.</summary>
public static class ImportStatus
{
    public const string Running = "running";
    public const string Completed = "completed";

    /// <summary>Part of the source folder could not be read: what was read was imported, nothing was removed.</summary>
    public const string Incomplete = "incomplete";

    /// <summary>The run stopped before its end: the process was shut down or killed. Every committed batch stays.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The run stopped on an error (the store failed); every committed batch stays.</summary>
    public const string Failed = "failed";
}

/// <summary>Progress of a running import: files handled so far out of the total.</summary>
public readonly record struct ImportProgress(int Done, int Total);
