using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Data.Entities;
using NewsApi.Hosting;
using NewsApi.Paging;
using NewsApi.Search;

namespace NewsApi.Articles;

/// <summary>The read queries behind the article list and search, projected straight into response records.</summary>
public sealed class ArticleQueries(NewsDbContext db)
{
    // Private-use characters mark matches inside snippets, so the text can be HTML-escaped before the marks become tags.
    private const string MarkOpen = "\uE000";
    private const string MarkClose = "\uE001";

    public async Task<PagedResponse<ArticleSummaryResponse>> ListAsync(ArticleListQuery query, CancellationToken ct)
    {
        if (query.Page is not null && query.After is not null)
        {
            throw new QueryParameterException("after", "Give either page or after, not both.");
        }

        if (query.Q is not null)
        {
            return await SearchAsync(query, ct);
        }

        var filtered = Filter(db.Articles.AsNoTracking(), query);
        var total = await filtered.CountAsync(ct);
        var sort = query.Sort ?? "id";
        var scope = CursorScopeOf(query);
        var ordered = Order(filtered, sort);
        if (query.After is not null)
        {
            ordered = After(ordered, sort, Pager.DecodeCursor(query.After, scope));
        }
        else
        {
            ordered = ordered.Skip(((query.Page ?? 1) - 1) * query.PageSize);
        }

        var rows = await ordered.Take(query.PageSize + 1).Select(AsSummary).ToListAsync(ct);
        var leads = await LeadImagesAsync(rows.Take(query.PageSize).Select(a => a.Id).ToList(), ct);
        var items = rows.Take(query.PageSize).Select(a => a with { LeadImage = leads.GetValueOrDefault(a.Id) }).ToList();
        var next = rows.Count > query.PageSize ? CursorFor(items[^1], sort, scope) : null;
        return items.ToPage(query, total, next);
    }

    // The list item straight from the Articles row; the lead image (and, when searching, score and highlights) is added after.
    private static readonly System.Linq.Expressions.Expression<Func<Article, ArticleSummaryResponse>> AsSummary =
        a => new ArticleSummaryResponse(a.Id, a.Slug, a.Title, a.Summary, a.WordCount, a.ImageCount, a.RelatedLinkCount, null, a.UpdatedAt, null, null);

    /// <summary>
    /// The first image of each article on a page, by the (ArticleId, Position) index. Projected per article inside
    /// the page query, EF made a ROW_NUMBER window over every image in the store: 24 ms a page at 10,000 articles.
    /// </summary>
    private async Task<Dictionary<int, LeadImageResponse>> LeadImagesAsync(List<int> articleIds, CancellationToken ct) =>
        await db.Images.AsNoTracking()
            .Where(i => articleIds.Contains(i.ArticleId) && i.Position == 1)
            .ToDictionaryAsync(i => i.ArticleId, i => new LeadImageResponse(i.Id, i.Caption, i.Credit), ct);

    private IQueryable<Article> Filter(IQueryable<Article> articles, ArticleListQuery query)
    {
        if (query.HasImages is { } hasImages)
        {
            articles = hasImages ? articles.Where(a => a.ImageCount > 0) : articles.Where(a => a.ImageCount == 0);
        }

        if (query.Credit is { } credit)
        {
            var pattern = LikePatterns.Contains(credit);
            articles = articles.Where(a => db.Images.Any(i => i.ArticleId == a.Id && EF.Functions.Like(i.Credit!, pattern, "\\")));
        }

        return articles;
    }

    private static IQueryable<Article> Order(IQueryable<Article> articles, string sort) => sort switch
    {
        "-id" => articles.OrderByDescending(a => a.Id),
        "title" => articles.OrderBy(a => a.Title).ThenBy(a => a.Id),
        "-title" => articles.OrderByDescending(a => a.Title).ThenByDescending(a => a.Id),
        "updatedAt" => articles.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id),
        "-updatedAt" => articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
        _ => articles.OrderBy(a => a.Id),
    };

    /// <summary>
    /// What a cursor of the article list is bound to: the effective sort (relevance is the default with <c>q</c>) and
    /// every filter, so a cursor is never applied to a different ordering or result set.
    /// </summary>
    public static CursorScope CursorScopeOf(ArticleListQuery query) =>
        CursorScope.For("articles", query.Sort ?? (query.Q is null ? "id" : "relevance"),
            ("q", query.Q), ("hasImages", query.HasImages), ("credit", query.Credit));

    private static IQueryable<Article> After(IQueryable<Article> articles, string sort, (string Key, int Id) position)
    {
        var (key, id) = position;
        switch (sort)
        {
            case "-id":
                return articles.Where(a => a.Id < id);
            case "title":
                return articles.Where(a => string.Compare(a.Title, key) > 0 || (a.Title == key && a.Id > id));
            case "-title":
                return articles.Where(a => string.Compare(a.Title, key) < 0 || (a.Title == key && a.Id < id));
            case "updatedAt" or "-updatedAt":
                if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
                {
                    throw new QueryParameterException("after", "The cursor does not belong to this sort order.");
                }

                var at = new DateTimeOffset(ticks, TimeSpan.Zero);
                return sort == "updatedAt"
                    ? articles.Where(a => a.UpdatedAt > at || (a.UpdatedAt == at && a.Id > id))
                    : articles.Where(a => a.UpdatedAt < at || (a.UpdatedAt == at && a.Id < id));
            default:
                return articles.Where(a => a.Id > id);
        }
    }

    private static string CursorFor(ArticleSummaryResponse last, string sort, CursorScope scope) => sort switch
    {
        "title" or "-title" => Pager.EncodeCursor(scope, last.Title, last.Id),
        "updatedAt" or "-updatedAt" => Pager.EncodeCursor(scope, last.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), last.Id),
        _ => Pager.EncodeCursor(scope, string.Empty, last.Id),
    };

    private async Task<PagedResponse<ArticleSummaryResponse>> SearchAsync(ArticleListQuery query, CancellationToken ct)
    {
        var match = FtsQuery.TryTranslate(query.Q!, out var error) ?? throw new QueryParameterException("q", error!);
        var where = new List<string> { "ArticleSearch MATCH $match" };
        var parameters = new List<SqliteParameter> { new("$match", match) };
        if (query.HasImages is { } hasImages)
        {
            where.Add(hasImages ? "a.ImageCount > 0" : "a.ImageCount = 0");
        }

        if (query.Credit is { } credit)
        {
            where.Add("EXISTS (SELECT 1 FROM Images i WHERE i.ArticleId = a.Id AND i.Credit LIKE $credit ESCAPE '\\')");
            parameters.Add(new SqliteParameter("$credit", LikePatterns.Contains(credit)));
        }

        // Title matches weigh ten times body matches, captions twice. bm25 is lower-is-better; score flips it.
        const string Score = "-bm25(ArticleSearch, 10.0, 1.0, 2.0)";
        var sort = query.Sort;

        // Joining Articles costs a b-tree lookup per match; relevance and id order need only the index itself.
        var needsArticles = where.Count > 1 || sort is "title" or "-title" or "updatedAt" or "-updatedAt";
        var matches = needsArticles
            ? $"SELECT a.Id AS Id, a.Title AS Title, a.UpdatedAt AS UpdatedAt, {Score} AS Score FROM ArticleSearch JOIN Articles a ON a.Id = ArticleSearch.rowid WHERE {string.Join(" AND ", where)}"
            : $"SELECT rowid AS Id, {Score} AS Score FROM ArticleSearch WHERE ArticleSearch MATCH $match";
        var orderBy = sort switch
        {
            "id" => "a.Id",
            "-id" => "a.Id DESC",
            "title" => "a.Title, a.Id",
            "-title" => "a.Title DESC, a.Id DESC",
            "updatedAt" => "a.UpdatedAt, a.Id",
            "-updatedAt" => "a.UpdatedAt DESC, a.Id DESC",
            _ => "Score DESC, a.Id",
        };

        var scope = CursorScopeOf(query);
        var keyset = string.Empty;
        if (query.After is not null)
        {
            var (key, id) = Pager.DecodeCursor(query.After, scope);
            parameters.Add(new SqliteParameter("$id", id));
            parameters.Add(new SqliteParameter("$key", key));
            keyset = sort switch
            {
                "id" => "WHERE Id > $id",
                "-id" => "WHERE Id < $id",
                "title" => "WHERE (Title > $key OR (Title = $key AND Id > $id))",
                "-title" => "WHERE (Title < $key OR (Title = $key AND Id < $id))",
                "updatedAt" => "WHERE (UpdatedAt > CAST($key AS INTEGER) OR (UpdatedAt = CAST($key AS INTEGER) AND Id > $id))",
                "-updatedAt" => "WHERE (UpdatedAt < CAST($key AS INTEGER) OR (UpdatedAt = CAST($key AS INTEGER) AND Id < $id))",
                _ => "WHERE (Score < CAST($key AS REAL) OR (Score = CAST($key AS REAL) AND Id > $id))",
            };
        }

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Rank first, without snippets: a snippet re-tokenises its document, and SQLite would make one for every
            // match before sorting. Snippets are then made for the page's rows only. The total rides along as a
            // window count over every match (before the cursor's filter), so the matches are found once, not twice;
            // bm25 cannot share a SELECT with a window function, hence the nesting.
            var ranked = new List<(int Id, double Score)>();
            int? total = null;
            await using (var page = connection.CreateCommand())
            {
                var offset = query.After is null ? ((query.Page ?? 1) - 1) * query.PageSize : 0;
                page.CommandText = $"""
                    SELECT Id, Score, Total FROM (SELECT *, COUNT(*) OVER () AS Total FROM ({matches}))
                    {keyset}
                    ORDER BY {orderBy.Replace("a.", string.Empty, StringComparison.Ordinal)}
                    LIMIT $limit OFFSET $offset
                    """;
                page.Parameters.AddRange(parameters.Select(Clone).ToArray());
                page.Parameters.AddWithValue("$limit", query.PageSize + 1);
                page.Parameters.AddWithValue("$offset", offset);
                await using var reader = await page.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ranked.Add((reader.GetInt32(0), reader.GetDouble(1)));
                    total ??= reader.GetInt32(2);
                }
            }

            // A page past the end has no row to carry the total.
            if (total is null)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM ({matches})";
                count.Parameters.AddRange(parameters.Select(Clone).ToArray());
                total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            var snippets = new Dictionary<int, (string Title, string Body, string Captions)>();
            var none = (Title: string.Empty, Body: string.Empty, Captions: string.Empty);
            if (ranked.Count > 0)
            {
                await using var snippet = connection.CreateCommand();

                // "+rowid" keeps the id list away from FTS5, which would otherwise run the whole MATCH once per id
                // (5.5 ms against 3 ms for 20 ids at 100,000 articles); one pass over the matches, filtered, is cheaper.
                var onPage = ranked.Take(query.PageSize).Select(r => r.Id.ToString(CultureInfo.InvariantCulture));
                snippet.CommandText = $"""
                    SELECT rowid,
                        highlight(ArticleSearch, 0, '{MarkOpen}', '{MarkClose}'),
                        snippet(ArticleSearch, 1, '{MarkOpen}', '{MarkClose}', '…', 24),
                        snippet(ArticleSearch, 2, '{MarkOpen}', '{MarkClose}', '…', 16)
                    FROM ArticleSearch WHERE ArticleSearch MATCH $match AND +rowid IN ({string.Join(',', onPage)})
                    """;
                snippet.Parameters.AddWithValue("$match", match);
                await using var reader = await snippet.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    snippets[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2), reader.GetString(3));
                }
            }

            var hits = ranked.Select(r =>
            {
                var hit = snippets.GetValueOrDefault(r.Id, none);
                return (r.Id, r.Score, hit.Title, hit.Body, hit.Captions);
            }).ToList();

            var ids = hits.Take(query.PageSize).Select(h => h.Id).ToList();
            var summaries = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(AsSummary).ToDictionaryAsync(a => a.Id, ct);
            var leads = await LeadImagesAsync(ids, ct);

            var items = new List<ArticleSummaryResponse>(ids.Count);
            foreach (var hit in hits.Take(query.PageSize))
            {
                if (!summaries.TryGetValue(hit.Id, out var a))
                {
                    continue; // removed by an import between the two queries
                }

                var highlights = new[] { hit.Title, hit.Body, hit.Captions }
                    .Where(h => h.Contains(MarkOpen, StringComparison.Ordinal))
                    .Select(ToHtml)
                    .ToList();
                items.Add(a with { LeadImage = leads.GetValueOrDefault(hit.Id), Score = Math.Round(hit.Score, 6), Highlights = highlights });
            }

            string? next = null;
            if (hits.Count > query.PageSize && items.Count > 0)
            {
                var last = items[^1];
                var lastHit = hits[query.PageSize - 1];
                next = sort is null
                    ? Pager.EncodeCursor(scope, lastHit.Score.ToString("R", CultureInfo.InvariantCulture), last.Id)
                    : CursorFor(last, sort, scope);
            }

            return items.ToPage(query, total.Value, next);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>HTML-escapes a snippet, then turns the match marks into <c>&lt;mark&gt;</c> tags.</summary>
    internal static string ToHtml(string snippet) =>
        snippet.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal)
            .Replace(MarkOpen, "<mark>", StringComparison.Ordinal)
            .Replace(MarkClose, "</mark>", StringComparison.Ordinal);

    private static SqliteParameter Clone(SqliteParameter p) => new(p.ParameterName, p.Value);
}
