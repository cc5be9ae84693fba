using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
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
        CursorScope scope, Expression<Func<TEntity, TItem>> projection, Func<TItem, int> idOf, CancellationToken ct)
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
            var (_, afterId) = DecodeCursor(query.After, scope);
            paged = ordered.Where(e => e.Id > afterId);
        }
        else
        {
            paged = ordered.Skip(((query.Page ?? 1) - 1) * query.PageSize);
        }

        var rows = await paged.Take(query.PageSize + 1).Select(projection).ToListAsync(ct);
        var items = rows.Take(query.PageSize).ToList();
        return items.ToPage(query, total, rows.Count > query.PageSize ? EncodeCursor(scope, string.Empty, idOf(items[^1])) : null);
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
            .Where(q => !q.Key.Equals("page", StringComparison.OrdinalIgnoreCase) && !q.Key.Equals("after", StringComparison.OrdinalIgnoreCase)
                && q.Key != RejectUnknownQueryParametersFilter.CacheBuster)
            .OrderBy(q => q.Key, StringComparer.OrdinalIgnoreCase)
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
            .Append(new KeyValuePair<string, string?>(set.Name, set.Value));
        return $"<{QueryHelpers.AddQueryString(request.PathBase + request.Path, query)}>; rel=\"{rel}\"";
    }

    /// <summary>
    /// Encodes a keyset position (the sort key of the last item and its id) for <paramref name="scope"/>: the cursor
    /// continues only the list, sort and filters it was issued for.
    /// </summary>
    /// <remarks>
    /// The payload is <c>id|sort|filters|key</c> (the filters as a short hash, so a long <c>q</c> does not make a long
    /// cursor) followed by a checksum, all base64url: opaque to clients, and an edited or truncated cursor is refused
    /// instead of seeking somewhere arbitrary. The checksum is not a secret MAC; a cursor carries nothing a caller may
    /// not see, and any position it could name is a valid one.
    /// </remarks>
    public static string EncodeCursor(CursorScope scope, string key, int id)
    {
        var payload = Encoding.UTF8.GetBytes($"{id.ToString(CultureInfo.InvariantCulture)}|{scope.Sort}|{scope.FilterTag}|{key}");
        var bytes = new byte[payload.Length + ChecksumLength];
        payload.CopyTo(bytes, 0);
        Checksum(payload).CopyTo(bytes.AsSpan(payload.Length));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// Decodes a cursor issued by <see cref="EncodeCursor"/> for the same <paramref name="scope"/>; otherwise a
    /// <see cref="QueryParameterException"/> on <c>after</c> that says what is wrong with it.
    /// </summary>
    public static (string Key, int Id) DecodeCursor(string cursor, CursorScope scope)
    {
        if (!TryDecode(cursor, out var id, out var sort, out var filterTag, out var key))
        {
            throw new QueryParameterException("after", "The cursor is not one this API issued; use nextCursor from a previous page.");
        }

        if (sort != scope.Sort)
        {
            throw new QueryParameterException("after",
                $"The cursor was issued for sort={sort}, not sort={scope.Sort}. A cursor continues only the sort and filters it was issued for: send the same ones, or start again without after.");
        }

        if (filterTag != scope.FilterTag)
        {
            throw new QueryParameterException("after",
                $"The cursor was issued for different filters ({scope.FilterNames}). A cursor continues only the sort and filters it was issued for: send the same ones, or start again without after.");
        }

        return (key, id);
    }

    private const int ChecksumLength = 4;

    private static byte[] Checksum(ReadOnlySpan<byte> payload) => SHA256.HashData(payload)[..ChecksumLength];

    private static bool TryDecode(string cursor, out int id, out string sort, out string filterTag, out string key)
    {
        (id, sort, filterTag, key) = (0, string.Empty, string.Empty, string.Empty);
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length <= ChecksumLength)
        {
            return false;
        }

        var payload = bytes.AsSpan(0, bytes.Length - ChecksumLength);
        if (!CryptographicOperations.FixedTimeEquals(Checksum(payload), bytes.AsSpan(payload.Length)))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|', 4);
        if (parts.Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out id))
        {
            return false;
        }

        (sort, filterTag, key) = (parts[1], parts[2], parts[3]);
        return true;
    }
}

/// <summary>
/// The list, sort and filters a cursor belongs to. Paging size is not part of it: a client may change
/// <c>pageSize</c> between pages.
/// </summary>
public sealed class CursorScope
{
    private CursorScope(string sort, string filterNames, string filterTag) =>
        (Sort, FilterNames, FilterTag) = (sort, filterNames, filterTag);

    /// <summary>The effective sort (the default spelled out, so an omitted sort and its explicit default agree).</summary>
    public string Sort { get; }

    /// <summary>The names of the filters, for error messages.</summary>
    public string FilterNames { get; }

    /// <summary>A short hash of the list's name and its filter values.</summary>
    public string FilterTag { get; }

    public static CursorScope For(string list, string sort, params (string Name, object? Value)[] filters)
    {
        var canonical = new StringBuilder(list);
        foreach (var (name, value) in filters)
        {
            // Unit and record separators cannot be typed into a query value by accident, so no two filter sets collide.
            canonical.Append('\u001e').Append(name).Append('\u001f').Append(value switch
            {
                null => "\u0000",
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            });
        }

        var tag = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())).AsSpan(0, 6));
        return new CursorScope(sort, string.Join(", ", filters.Select(f => f.Name)), tag);
    }
}
