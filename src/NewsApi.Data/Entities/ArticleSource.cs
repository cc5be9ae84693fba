namespace NewsApi.Data.Entities;

/// <summary>
/// The exact bytes an article was last written from (by an import or through the API), so the store alone can
/// export every article and nothing depends on the source folder after an import. A table of its own, not a column
/// of Articles, so list scans do not read the texts.
/// </summary>
public class ArticleSource
{
    public int ArticleId { get; set; }
    public required byte[] Text { get; set; }
}
