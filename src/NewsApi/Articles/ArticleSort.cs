using System.Globalization;
using NewsApi.Contracts;
using NewsApi.Data.Entities;
using NewsApi.Data.Postgres.Search;
using NewsApi.Hosting;

namespace NewsApi.Articles;

/// <summary>
/// The order of an article list or search: a field and a direction, ties broken by id in the same direction. It owns
/// everything that depends on the order, so adding a field is one change here: the LINQ ordering of a list, the keyset
/// filter after a cursor (LINQ for lists, SQL for the search's ranked matches) and the key a cursor carries.
/// </summary>
public sealed class ArticleSort
{
    private enum Field { Id, Title, UpdatedAt, PublishedAt, Relevance }

    private static readonly Dictionary<string, ArticleSort> ByName = new[]
    {
        new ArticleSort(Field.Id, false), new ArticleSort(Field.Id, true),
        new ArticleSort(Field.Title, false), new ArticleSort(Field.Title, true),
        new ArticleSort(Field.UpdatedAt, false), new ArticleSort(Field.UpdatedAt, true),
        new ArticleSort(Field.PublishedAt, false), new ArticleSort(Field.PublishedAt, true),
    }.ToDictionary(s => s.Name, StringComparer.Ordinal);

    private readonly Field _field;
    private readonly bool _descending;

    private ArticleSort(Field field, bool descending)
    {
        _field = field;
        _descending = descending;
    }

    /// <summary>Best match first (bm25), ties by id: a search's order when no <c>sort</c> is given.</summary>
    public static ArticleSort Relevance { get; } = new(Field.Relevance, true);

    /// <summary>The order of a list without <c>sort</c>.</summary>
    public static ArticleSort Default => ByName["id"];

    /// <summary>The value of the <c>sort</c> parameter (<c>title</c>, <c>-title</c>, …), or <c>relevance</c>.</summary>
    public string Name => _field == Field.Relevance ? "relevance" : (_descending ? "-" : string.Empty) + _field switch
    {
        Field.Title => "title",
        Field.UpdatedAt => "updatedAt",
        Field.PublishedAt => "publishedAt",
        _ => "id",
    };

    /// <summary>Whether ordering a search needs the Articles row of each match, not only the search index.</summary>
    public bool NeedsArticleColumns => _field is Field.Title or Field.UpdatedAt or Field.PublishedAt;

    /// <summary>
    /// The order a query asks for: its <c>sort</c> (validated against the documented pattern), else relevance when
    /// it searches, else id.
    /// </summary>
    public static ArticleSort Of(ArticleListQuery query) =>
        query.Sort is { } name
            ? ByName.TryGetValue(name, out var sort) ? sort : throw new QueryParameterException("sort", $"'{name}' is not a sort order.")
            : query.Q is null ? Default : Relevance;

    /// <summary>
    /// The articles in this order. On PostgreSQL (<paramref name="postgres"/>) titles are ordered by
    /// <see cref="PostgresQueries.TitleKey"/>, SQLite's <c>NOCASE</c> order, not by the column's ICU collation.
    /// </summary>
    public IQueryable<Article> Order(IQueryable<Article> articles, bool postgres = false) => (_field, _descending, postgres) switch
    {
        (Field.Title, false, true) => articles.OrderBy(a => PostgresQueries.TitleKey(a.Title)).ThenBy(a => a.Id),
        (Field.Title, true, true) => articles.OrderByDescending(a => PostgresQueries.TitleKey(a.Title)).ThenByDescending(a => a.Id),
        (Field.Title, false, _) => articles.OrderBy(a => a.Title).ThenBy(a => a.Id),
        (Field.Title, true, _) => articles.OrderByDescending(a => a.Title).ThenByDescending(a => a.Id),
        (Field.UpdatedAt, false, _) => articles.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id),
        (Field.UpdatedAt, true, _) => articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
        // Undated articles last in both directions.
        (Field.PublishedAt, false, _) => articles.OrderBy(a => a.PublishedAt == null).ThenBy(a => a.PublishedAt).ThenBy(a => a.Id),
        (Field.PublishedAt, true, _) => articles.OrderBy(a => a.PublishedAt == null).ThenByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id),
        (Field.Id, true, _) => articles.OrderByDescending(a => a.Id),
        _ => articles.OrderBy(a => a.Id),
    };

    /// <summary>The articles after a cursor's position in this order (a keyset seek: its cost does not grow with depth).</summary>
    public IQueryable<Article> After(IQueryable<Article> articles, string key, int id, bool postgres = false)
    {
        if (_field == Field.Title && postgres)
        {
            // The redundant bound is what PostgreSQL's planner seeks the index with; the OR alone it only filters by,
            // reading every title before the cursor (590 ms half-way through 100,000 articles, 3 ms with the bound).
            var folded = PostgresQueries.AsciiLower(key);
            return _descending
                ? articles.Where(a => string.Compare(PostgresQueries.TitleKey(a.Title), folded) <= 0
                    && (string.Compare(PostgresQueries.TitleKey(a.Title), folded) < 0 || (PostgresQueries.TitleKey(a.Title) == folded && a.Id < id)))
                : articles.Where(a => string.Compare(PostgresQueries.TitleKey(a.Title), folded) >= 0
                    && (string.Compare(PostgresQueries.TitleKey(a.Title), folded) > 0 || (PostgresQueries.TitleKey(a.Title) == folded && a.Id > id)));
        }

        if (_field == Field.UpdatedAt && postgres)
        {
            var at = new DateTimeOffset(Ticks(key), TimeSpan.Zero);
            return _descending
                ? articles.Where(a => a.UpdatedAt <= at && (a.UpdatedAt < at || (a.UpdatedAt == at && a.Id < id)))
                : articles.Where(a => a.UpdatedAt >= at && (a.UpdatedAt > at || (a.UpdatedAt == at && a.Id > id)));
        }

        switch (_field, _descending)
        {
            case (Field.Title, false):
                return articles.Where(a => string.Compare(a.Title, key) > 0 || (a.Title == key && a.Id > id));
            case (Field.Title, true):
                return articles.Where(a => string.Compare(a.Title, key) < 0 || (a.Title == key && a.Id < id));
            case (Field.UpdatedAt, _):
                var at = new DateTimeOffset(Ticks(key), TimeSpan.Zero);
                return _descending
                    ? articles.Where(a => a.UpdatedAt < at || (a.UpdatedAt == at && a.Id < id))
                    : articles.Where(a => a.UpdatedAt > at || (a.UpdatedAt == at && a.Id > id));
            case (Field.PublishedAt, _) when key.Length == 0:
                return _descending
                    ? articles.Where(a => a.PublishedAt == null && a.Id < id)
                    : articles.Where(a => a.PublishedAt == null && a.Id > id);
            case (Field.PublishedAt, _):
                DateTimeOffset? published = new DateTimeOffset(Ticks(key), TimeSpan.Zero);
                return _descending
                    ? articles.Where(a => a.PublishedAt == null || a.PublishedAt < published || (a.PublishedAt == published && a.Id < id))
                    : articles.Where(a => a.PublishedAt == null || a.PublishedAt > published || (a.PublishedAt == published && a.Id > id));
            case (Field.Id, true):
                return articles.Where(a => a.Id < id);
            default:
                return articles.Where(a => a.Id > id);
        }
    }

    /// <summary>SQL <c>ORDER BY</c> over a search's ranked matches (columns <c>Id</c>, <c>Score</c>, <c>Title</c>, <c>UpdatedAt</c>).</summary>
    public string SqlOrderBy => (_field, _descending) switch
    {
        (Field.Relevance, _) => "Score DESC, Id",
        (Field.Title, false) => "Title, Id",
        (Field.Title, true) => "Title DESC, Id DESC",
        (Field.UpdatedAt, false) => "UpdatedAt, Id",
        (Field.UpdatedAt, true) => "UpdatedAt DESC, Id DESC",
        (Field.PublishedAt, false) => "PublishedAt IS NULL, PublishedAt, Id",
        (Field.PublishedAt, true) => "PublishedAt IS NULL, PublishedAt DESC, Id DESC",
        (Field.Id, true) => "Id DESC",
        _ => "Id",
    };

    /// <summary>SQL filter over the ranked matches for the rows after a cursor, with <c>$key</c> and <c>$id</c> as its position.</summary>
    public string SqlAfter => (_field, _descending) switch
    {
        (Field.Relevance, _) => "(Score < CAST($key AS REAL) OR (Score = CAST($key AS REAL) AND Id > $id))",
        (Field.Title, false) => "(Title > $key OR (Title = $key AND Id > $id))",
        (Field.Title, true) => "(Title < $key OR (Title = $key AND Id < $id))",
        (Field.UpdatedAt, false) => "(UpdatedAt > CAST($key AS INTEGER) OR (UpdatedAt = CAST($key AS INTEGER) AND Id > $id))",
        (Field.UpdatedAt, true) => "(UpdatedAt < CAST($key AS INTEGER) OR (UpdatedAt = CAST($key AS INTEGER) AND Id < $id))",
        (Field.PublishedAt, false) => "(CASE WHEN $key = '' THEN (PublishedAt IS NULL AND Id > $id) ELSE (PublishedAt IS NULL OR PublishedAt > CAST($key AS INTEGER) OR (PublishedAt = CAST($key AS INTEGER) AND Id > $id)) END)",
        (Field.PublishedAt, true) => "(CASE WHEN $key = '' THEN (PublishedAt IS NULL AND Id < $id) ELSE (PublishedAt IS NULL OR PublishedAt < CAST($key AS INTEGER) OR (PublishedAt = CAST($key AS INTEGER) AND Id < $id)) END)",
        (Field.Id, true) => "Id < $id",
        _ => "Id > $id",
    };

    /// <summary>The key a cursor after <paramref name="last"/> carries (its id travels beside it).</summary>
    public string KeyOf(ArticleSummaryResponse last, double score) => _field switch
    {
        Field.Title => last.Title,
        Field.UpdatedAt => last.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Field.PublishedAt => last.PublishedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        Field.Relevance => score.ToString("R", CultureInfo.InvariantCulture),
        _ => string.Empty,
    };

    /// <summary>A search cursor's key for this order, checked before it reaches SQL.</summary>
    public void CheckKey(string key)
    {
        if (_field == Field.UpdatedAt || (_field == Field.PublishedAt && key.Length > 0))
        {
            Ticks(key);
        }
    }

    private static long Ticks(string key) =>
        long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? ticks
            : throw new QueryParameterException("after", "The cursor does not belong to this sort order.");
}
