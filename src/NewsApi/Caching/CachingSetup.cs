using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NewsApi.Hosting;

namespace NewsApi.Caching;

public static class CachingSetup
{
    public static void AddCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContentVersion>();
        builder.Services.AddSingleton<NewsApi.Data.IStoreChangeNotifier>(sp => sp.GetRequiredService<ContentVersion>());
        builder.Services.AddHostedService<ContentVersionWatcher>();
        builder.Services.AddSingleton<ArticleRenditions>();
        builder.Services.AddHostedService<RenditionBuilder>();

        builder.Services.AddOutputCache();
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<NewsApiOptions>>((o, api) =>
        {
            o.SizeLimit = api.Value.OutputCacheMegabytes * 1024L * 1024L;
            o.AddBasePolicy(b => b.AddPolicy<ApiOutputCachePolicy>());

            // A slug in other case is a redirect to the canonical one, not the same response.
            o.UseCaseSensitivePaths = true;
        });
    }

    /// <summary>
    /// Stored article renditions, then the output cache, then ETags, 304s and HEAD for what neither answers.
    /// </summary>
    public static void UseCaching(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<NewsApiOptions>>().Value.StoresRenditions)
        {
            app.UseMiddleware<ArticleRenditionMiddleware>();
        }

        app.UseOutputCache();
        app.UseMiddleware<ConditionalGetMiddleware>();
    }
}

/// <summary>
/// Gives every successful GET under <c>/api</c> a strong ETag (a hash of the body), answers a matching
/// <c>If-None-Match</c> with 304, adds <c>Cache-Control</c>, and gives HEAD the Content-Length of the GET.
/// Doing it here keeps controllers free of caching code and makes the ETag exactly as fresh as the representation.
/// </summary>
internal sealed class ConditionalGetMiddleware(RequestDelegate next, IOptions<NewsApiOptions> options, IResponseCompressionProvider compression)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var isHead = HttpMethods.IsHead(request.Method);
        if (!(isHead || HttpMethods.IsGet(request.Method)) || !IsCacheable(request.Path))
        {
            await next(context);
            return;
        }

        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;

        // HEAD is rendered as the GET it stands for: a file result writes no body for HEAD, and the ETag and
        // Content-Length below are the body's (the endpoint was chosen already, so routing does not see the change).
        if (isHead)
        {
            request.Method = HttpMethods.Get;
        }

        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
            if (isHead)
            {
                request.Method = HttpMethods.Head;
            }
        }

        if (response.StatusCode == StatusCodes.Status200OK)
        {
            var etag = response.Headers.ETag.ToString();
            if (string.IsNullOrEmpty(etag))
            {
                etag = ETags.For(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                response.Headers.ETag = etag;
            }

            if (request.Path.StartsWithSegments("/api"))
            {
                response.Headers.CacheControl = CacheControl(options.Value);
            }

            if (NotModified(context, etag, response.Headers.LastModified))
            {
                return;
            }
        }

        // An empty error (an unknown route, a 405) gets no Content-Length, so the status-code pages outside can
        // still write its problem body; a compressed body's length is only known after compression (HEAD too).
        if (!WillCompress(compression, context) && (buffer.Length > 0 || response.StatusCode < StatusCodes.Status400BadRequest))
        {
            response.ContentLength = buffer.Length;
        }

        if (!isHead && buffer.Length > 0)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }
    }

    public static string CacheControl(NewsApiOptions options) => $"public, max-age={options.CacheMaxAgeSeconds}";

    /// <summary>
    /// Answers 304 (keeping ETag, Last-Modified and Cache-Control) when the request's validators show the client has
    /// this representation: <c>If-None-Match</c> against <paramref name="etag"/>, or, only when there is no
    /// <c>If-None-Match</c> (RFC 9110 13.2.2), <c>If-Modified-Since</c> against <paramref name="lastModified"/>.
    /// </summary>
    public static bool NotModified(HttpContext context, string etag, string? lastModified)
    {
        var request = context.Request;
        var notModified = request.Headers.IfNoneMatch.Count > 0
            ? Matches(request.Headers.IfNoneMatch, etag)
            : UnmodifiedSince(request, lastModified);
        if (!notModified)
        {
            return false;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status304NotModified;
        response.Headers.ContentLength = null;
        response.Headers.ContentType = default;

        // The paging headers describe the body the client already has. The output cache answers its own 304s without
        // them, so dropping them here makes every 304 of a list the same whichever layer answers it.
        response.Headers.Remove("X-Total-Count");
        response.Headers.Link = default;
        return true;
    }

    /// <summary>
    /// Whether a GET or HEAD has an <c>If-Modified-Since</c> at or after <paramref name="lastModified"/>. As RFC 9110
    /// 13.1.3 asks, the header is ignored on other methods, when it is not one valid HTTP-date, when it is in the future
    /// (a clock the server cannot vouch for), and when the response has no Last-Modified.
    /// </summary>
    public static bool UnmodifiedSince(HttpRequest request, string? lastModified) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && HasUsableIfModifiedSince(request, out var since)
        && HeaderUtilities.TryParseDate(lastModified, out var modified)
        && modified <= since;

    /// <summary>Whether the request has an <c>If-Modified-Since</c> that is one valid HTTP-date not in the future.</summary>
    private static bool HasUsableIfModifiedSince(HttpRequest request, out DateTimeOffset since)
    {
        since = default;
        return request.Headers.IfModifiedSince is { Count: 1 } header
            && HeaderUtilities.TryParseDate(header.ToString(), out since)
            && since <= DateTimeOffset.UtcNow;
    }

    /// <summary>Whether the response compression middleware outside this one will encode the body.</summary>
    public static bool WillCompress(IResponseCompressionProvider compression, HttpContext context) =>
        compression.CheckRequestAcceptsCompression(context) && compression.ShouldCompressResponse(context);

    private static bool IsCacheable(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/health");

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }

        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        // If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x".
        var ours = EntityTagHeaderValue.Parse(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(ours, useStrongComparison: false));
    }
}
