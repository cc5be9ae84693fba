using Microsoft.EntityFrameworkCore;
using NewsApi.Data.Entities;
using NewsApi.Data.Search;
using NpgsqlTypes;

namespace NewsApi.Data.Postgres.Search;

/// <summary>One article that matches a search, with its <c>ts_rank_cd</c> score (higher is better).</summary>
public sealed class ArticleMatch
{
    public int Id { get; init; }

    public double Score { get; init; }
}

/// <summary>
/// The read side of search on PostgreSQL as LINQ the host composes with its own filters, orders and pages, so the
/// host's list and search queries stay provider-neutral C# and it never writes PostgreSQL SQL nor names an Npgsql type.
/// Every query here is over a <see cref="NewsDbContext"/> configured by <see cref="PostgresStore.UseNewsApiPostgres"/>.
/// </summary>
public static class PostgresQueries
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>Whether <paramref name="db"/> is on PostgreSQL (the queries of this class apply) rather than SQLite.</summary>
    public static bool Serves(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.IsNpgsql();
    }

    /// <summary>
    /// Every article matching <paramref name="query"/> (the same matches as FTS5's), with its score: <c>ts_rank_cd</c>
    /// with <see cref="TsVectors.RankWeights"/>, as <see cref="PostgresSearch.RankArticlesAsync"/> gives it.
    /// </summary>
    public static IQueryable<ArticleMatch> ArticleMatches(NewsDbContext db, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(db);
        var vectors = db.Set<ArticleSearchVector>().AsNoTracking();
        if (TsQueries.From(query) is not { } tsquery)
        {
            // The same shape as a real match (Score too), so the callers' ordering by score still translates.
            return vectors.Where(_ => false).Select(v => new ArticleMatch { Id = v.ArticleId, Score = 0d });
        }

        var weights = TsVectors.RankWeights;
        return vectors.Where(v => v.Vector.Matches(tsquery))
            .Select(v => new ArticleMatch { Id = v.ArticleId, Score = (double)v.Vector.RankCoverDensity(weights, tsquery) });
    }

    /// <summary>
    /// The ids of the articles with a title word matching <paramref name="query"/> (SQLite's <c>Title : (…)</c>),
    /// best <c>ts_rank_cd</c> first, ties by id, at most <paramref name="limit"/>.
    /// </summary>
    public static IQueryable<int> TitleMatches(NewsDbContext db, SearchQuery query, int limit)
    {
        ArgumentNullException.ThrowIfNull(db);
        var vectors = db.Set<ArticleSearchVector>().AsNoTracking();
        if (TsQueries.From(query, NpgsqlTsQueryLexeme.Weight.A) is not { } tsquery)
        {
            return vectors.Where(_ => false).Select(v => v.ArticleId);
        }

        var weights = TsVectors.RankWeights;
        return vectors.Where(v => v.Vector.Matches(tsquery))
            .OrderByDescending(v => v.Vector.RankCoverDensity(weights, tsquery)).ThenBy(v => v.ArticleId)
            .Take(limit)
            .Select(v => v.ArticleId);
    }

    /// <summary>The ids of the images whose caption or credit match <paramref name="query"/>, as SQLite's <c>ImageSearch</c> finds them.</summary>
    public static IQueryable<int> ImageMatches(NewsDbContext db, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(db);
        var vectors = db.Set<ImageSearchVector>().AsNoTracking();
        return TsQueries.From(query) is { } tsquery
            ? vectors.Where(v => v.Vector.Matches(tsquery)).Select(v => v.ImageId)
            : vectors.Where(_ => false).Select(v => v.ImageId);
    }

    /// <summary>
    /// The articles whose title is like <paramref name="pattern"/> (escape <c>\</c>) with SQLite's <c>LIKE</c> rule for
    /// case: ASCII letters match either case, every other character only itself. PostgreSQL's <c>LIKE</c> is
    /// case-sensitive and its <c>ILIKE</c> folds every letter, so both sides are folded to ASCII lower case instead.
    /// </summary>
    public static IQueryable<Article> TitleLike(IQueryable<Article> articles, string pattern)
    {
        var folded = AsciiLower(pattern);
        return articles.Where(a => EF.Functions.Like(TitleKey(a.Title), folded, "\\"));
    }

    /// <summary>The images whose credit is like <paramref name="pattern"/>, with SQLite's case rule (see <see cref="TitleLike"/>).</summary>
    public static IQueryable<Image> CreditLike(IQueryable<Image> images, string pattern)
    {
        var folded = AsciiLower(pattern);
        return images.Where(i => EF.Functions.Like(AsciiLower(i.Credit!), folded, "\\"));
    }

    /// <summary>
    /// The articles with an image whose credit is like <paramref name="pattern"/>, with SQLite's case rule (see
    /// <see cref="TitleLike"/>).
    /// </summary>
    public static IQueryable<Article> WithCreditLike(NewsDbContext db, IQueryable<Article> articles, string pattern)
    {
        ArgumentNullException.ThrowIfNull(db);
        var folded = AsciiLower(pattern);
        return articles.Where(a => db.Images.Any(i => i.ArticleId == a.Id && EF.Functions.Like(AsciiLower(i.Credit!), folded, "\\")));
    }

    /// <summary>
    /// ASCII letters in lower case, every other character unchanged; in a query, PostgreSQL's
    /// <c>translate(text, 'A…Z', 'a…z')</c> (mapped by the model, see <see cref="PostgresStore"/>).
    /// </summary>
    public static string AsciiLower(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }

    /// <summary>
    /// A title as SQLite's <c>NOCASE</c> compares it, for ordering and comparing titles in a query: ASCII letters folded
    /// (<see cref="AsciiLower"/>), then compared by code point (PostgreSQL's <c>"C"</c> collation over UTF-8 bytes).
    /// The model's ICU collation of <c>Title</c> also ignores case, but orders punctuation, digits and accented letters
    /// linguistically, so a list by title would not page in SQLite's order. Out of a query it is <see cref="AsciiLower"/>.
    /// </summary>
    public static string TitleKey(string title) => AsciiLower(title);

    /// <summary>The SQL function <see cref="AsciiLower"/> becomes: <c>translate</c> with these two alphabets.</summary>
    internal static (string From, string To) AsciiLowerAlphabets => (Upper, Lower);
}
