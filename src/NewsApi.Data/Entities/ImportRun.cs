namespace NewsApi.Data.Entities;

/// <summary>One run of the importer over the source folder.</summary>
public class ImportRun
{
    public int Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary><c>running</c>, <c>completed</c>, <c>incomplete</c> (part of the folder could not be read, so nothing was removed), or <c>interrupted</c> when a later run found it unfinished.</summary>
    public required string Status { get; set; }
    public required string SourceDirectory { get; set; }
    public int FilesSeen { get; set; }
    public int Imported { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Removed { get; set; }
    public int Skipped { get; set; }

    /// <summary>Articles whose files were not found and that the run kept (it did not or could not prune).</summary>
    public int Missing { get; set; }
    public List<ImportFileResult> Files { get; set; } = [];
}

/// <summary>A file of an import run that was skipped, or imported with diagnostics.</summary>
public class ImportFileResult
{
    public int Id { get; set; }
    public int ImportRunId { get; set; }
    public required string FileName { get; set; }

    /// <summary><c>imported</c>, <c>updated</c>, <c>restored</c>, <c>skipped</c>, <c>removed</c>, or <c>unreadable</c> (a folder that could not be read).</summary>
    public required string Outcome { get; set; }
    public int? ArticleId { get; set; }
    public List<ArticleDiagnostic> Diagnostics { get; set; } = [];
}
