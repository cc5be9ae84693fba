using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using NewsApi.Hosting;

namespace NewsApi.Caching;

/// <summary>
/// Content changes only on import or write, so rendered GET responses under <c>/api/v1</c> are kept in memory and
/// served without touching MVC or SQLite, keyed by the full query string and the <see cref="ContentVersion"/>.
/// </summary>
internal sealed class ApiOutputCachePolicy(ContentVersion version, IOptions<NewsApiOptions> options) : IOutputCachePolicy
{
    // Articles read by id or slug are answered from their stored renditions; keeping them here too would spend the
    // cache's memory on 100,000 articles instead of the list and search pages it is for.
    private readonly bool _renditions = options.Value.StoresRenditions;

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Path.StartsWithSegments("/api/v1")
            && !AcceptNegotiation.StepsAside(context.HttpContext)
            && !(_renditions && ArticleRenditionMiddleware.IsArticleRead(context.HttpContext));
        context.EnableOutputCaching = cacheable;

        // The output cache answers If-Modified-Since itself, against the entry's Date when the response has no
        // Last-Modified and without ignoring a date in the future, so a list page would be 304 only when it was a
        // hit. Such requests are rare (clients send it back only after a Last-Modified) and go to
        // ConditionalGetMiddleware instead; If-None-Match takes precedence and the cache handles it as we do.
        // The cache's own 304 keeps ETag and Cache-Control but not Last-Modified, which an article's 304 carries (and
        // documents); a conditional read of one article is rendered, and ConditionalGetMiddleware answers it.
        context.AllowCacheLookup = cacheable
            && (request.Headers.IfNoneMatch.Count > 0 || request.Headers.IfModifiedSince.Count == 0)
            && !(request.Headers.IfNoneMatch.Count > 0 && ArticleRenditionMiddleware.IsArticleRead(context.HttpContext));
        // A HEAD entry would keep no body, and the cache answers with the length of what it kept (0); HEAD is rare.
        context.AllowCacheStorage = cacheable && !HttpMethods.IsHead(request.Method);
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        context.CacheVaryByRules.QueryKeys = QueryKeys(request.Query);

        // Read once, at the start: a response rendered from the old content is stored under the old version.
        context.CacheVaryByRules.VaryByValues["v"] = version.Current.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Every query key but the ignored cache buster, so <c>?_=1</c> and <c>?_=2</c> share one entry. The cache's own
    /// <c>"*"</c> would key on it too; listed keys are looked up case-insensitively, like model binding does.
    /// </summary>
    private static StringValues QueryKeys(IQueryCollection query)
    {
        if (!query.ContainsKey(RejectUnknownQueryParametersFilter.CacheBuster))
        {
            return "*";
        }

        var keys = query.Keys.Where(k => k != RejectUnknownQueryParametersFilter.CacheBuster).Order(StringComparer.OrdinalIgnoreCase).ToArray();

        // No keys at all would disable varying by query; a name no request can send keeps the entry apart.
        return keys.Length == 0 ? "\u0000" : keys;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // The cache adds Age (seconds since the entry was stored), which can pass the response's max-age: a browser
        // or CDN would then treat a hit as stale on arrival. An entry is keyed by the content version, so it is as
        // current as a fresh render, and the response is the origin's own: it goes out without Age.
        var response = context.HttpContext.Response;
        response.OnStarting(() =>
        {
            response.Headers.Remove(HeaderNames.Age);
            return Task.CompletedTask;
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only complete successes are kept; problems and 304s are cheap to recompute and must stay per-request.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
