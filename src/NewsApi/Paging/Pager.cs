using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data.Entities;
using NewsApi.Hosting;

namespace NewsApi.Paging;

/// <summary>Totals headers, RFC 8288 links and opaque keyset cursors for paged collections.</summary>
public static class Pager
{
    public static PagedResponse<T> ToPage<T>(this IReadOnlyList<T> items, PageQuery query, int total, string? nextCursor) =>
        new(items, query.After is null ? query.Page ?? 1 : null, query.PageSize, total, TotalPages(total, query.PageSize), nextCursor);

    /// <summary>
    /// One page of <paramref name="source"/> in id order, by page number or by an <c>after</c> cursor (a keyset seek,
    /// so its cost does not grow with depth), with the total and the next cursor.
    /// </summary>
    public static async Task<PagedResponse<TItem>> PageByIdAsync<TEntity, TItem>(this IQueryable<TEntity> source, PageQuery query,
        Expression<Func<TEntity, TItem>> projection, Func<TItem, int> idOf, CancellationToken ct)
        where TEntity : class, IHasId
    {
        if (query.Page is not null && query.After is not null)
        {
            throw new QueryParameterException("after", "Give either page or after, not both.");
        }

        var total = await source.CountAsync(ct);
        var ordered = source.OrderBy(e => e.Id);
        IQueryable<TEntity> paged;
        if (query.After is not null)
        {
            if (!TryDecodeCursor(query.After, out _, out var afterId))
            {
                throw new QueryParameterException("after", "The cursor is not one this API issued; use nextCursor from a previous page.");
            }

            paged = ordered.Where(e => e.Id > afterId);
        }
        else
        {
            paged = ordered.Skip(((query.Page ?? 1) - 1) * query.PageSize);
        }

        var rows = await paged.Take(query.PageSize + 1).Select(projection).ToListAsync(ct);
        var items = rows.Take(query.PageSize).ToList();
        return items.ToPage(query, total, rows.Count > query.PageSize ? EncodeCursor(string.Empty, idOf(items[^1])) : null);
    }

    public static int TotalPages(int total, int pageSize) => total == 0 ? 0 : (int)Math.Ceiling(total / (double)pageSize);

    /// <summary>Sets <c>X-Total-Count</c> and a <c>Link</c> header with first, prev, next and last.</summary>
    public static void WritePagingHeaders<T>(this HttpResponse response, HttpRequest request, PagedResponse<T> page)
    {
        response.Headers["X-Total-Count"] = page.TotalItems.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        var last = Math.Max(1, page.TotalPages);
        links.Add(Link(request, "first", ("page", "1")));
        if (page.Page is { } current)
        {
            if (current > 1)
            {
                links.Add(Link(request, "prev", ("page", Math.Min(current - 1, last).ToString(CultureInfo.InvariantCulture))));
            }

            if (current < page.TotalPages)
            {
                links.Add(Link(request, "next", ("page", (current + 1).ToString(CultureInfo.InvariantCulture))));
            }
        }
        else if (page.NextCursor is not null)
        {
            links.Add(Link(request, "next", ("after", page.NextCursor)));
        }

        links.Add(Link(request, "last", ("page", last.ToString(CultureInfo.InvariantCulture))));
        response.Headers.Link = string.Join(", ", links);
    }

    private static string Link(HttpRequest request, string rel, (string Name, string Value) set)
    {
        // Keys in a fixed order, so equivalent requests (which share one output-cache entry) get identical links.
        var query = request.Query
            .Where(q => !q.Key.Equals("page", StringComparison.OrdinalIgnoreCase) && !q.Key.Equals("after", StringComparison.OrdinalIgnoreCase))
            .OrderBy(q => q.Key, StringComparer.OrdinalIgnoreCase)
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
            .Append(new KeyValuePair<string, string?>(set.Name, set.Value));
        return $"<{QueryHelpers.AddQueryString(request.PathBase + request.Path, query)}>; rel=\"{rel}\"";
    }

    /// <summary>Encodes a keyset position (the sort key of the last item and its id).</summary>
    public static string EncodeCursor(string key, int id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{id}|{key}"));

    /// <summary>Decodes a cursor; false when it was not made by <see cref="EncodeCursor"/>.</summary>
    public static bool TryDecodeCursor(string cursor, out string key, out int id)
    {
        key = string.Empty;
        id = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !int.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out id))
            {
                return false;
            }

            key = text[(bar + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
