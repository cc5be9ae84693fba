using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
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
    private readonly bool _renditions = options.Value.RenderArticles;

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Path.StartsWithSegments("/api/v1")
            && !(_renditions && ArticleRenditionMiddleware.IsArticleRead(context.HttpContext));
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        context.CacheVaryByRules.QueryKeys = "*";

        // Read once, at the start: a response rendered from the old content is stored under the old version.
        context.CacheVaryByRules.VaryByValues["v"] = version.Current.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

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
