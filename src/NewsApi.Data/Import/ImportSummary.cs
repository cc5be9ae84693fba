namespace NewsApi.Data.Import;

/// <summary>A file the importer could not turn into an article, and why.</summary>
public sealed record SkippedFile(string FileName, string Code, int Line, string Message);

/// <summary>What one import run did.</summary>
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
