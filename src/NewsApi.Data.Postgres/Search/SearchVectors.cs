using NpgsqlTypes;

namespace NewsApi.Data.Postgres.Search;

/// <summary>
/// An article's row in <c>ArticleSearchVectors</c>, PostgreSQL's counterpart of SQLite's FTS5 table
/// <c>ArticleSearch</c>: the <see cref="TsVectors.ForArticle(string, string, string)"/> of its title, captions and body, under a GIN index.
/// Removed with its article (a cascading foreign key, where SQLite has a trigger).
/// </summary>
internal sealed class ArticleSearchVector
{
    public int ArticleId { get; set; }

    public NpgsqlTsVector Vector { get; set; } = NpgsqlTsVector.Empty;
}

/// <summary>
/// An image's row in <c>ImageSearchVectors</c>, the counterpart of <c>ImageSearch</c>: the
/// <see cref="TsVectors.ForImage"/> of its caption and credit. Removed with its image.
/// </summary>
internal sealed class ImageSearchVector
{
    public int ImageId { get; set; }

    public NpgsqlTsVector Vector { get; set; } = NpgsqlTsVector.Empty;
}
