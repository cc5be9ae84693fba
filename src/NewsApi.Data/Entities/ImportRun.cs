namespace NewsApi.Data.Entities;

/// <summary>One run of the importer over the source folder.</summary>
public class ImportRun
{
    public int Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary><c>running</c>, <c>completed</c>, or <c>interrupted</c> when a later run found it unfinished.</summary>
    public required string Status { get; set; }
    public required string SourceDirectory { get; set; }
    public int FilesSeen { get; set; }
    public int Imported { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Removed { get; set; }
    public int Skipped { get; set; }
    public List<ImportFileResult> Files { get; set; } = [];
}

/// <summary>A file of an import run that was skipped, or imported with diagnostics.</summary>
public class ImportFileResult
{
    public int Id { get; set; }
    public int ImportRunId { get; set; }
    public required string FileName { get; set; }

    /// <summary><c>imported</c>, <c>updated</c>, <c>skipped</c> or <c>removed</c>.</summary>
    public required string Outcome { get; set; }
    public int? ArticleId { get; set; }
    public List<ArticleDiagnostic> Diagnostics { get; set; } = [];
}
