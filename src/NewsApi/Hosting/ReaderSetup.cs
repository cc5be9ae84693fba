using Microsoft.Extensions.FileProviders;

namespace NewsApi.Hosting;

/// <summary>
/// The web reader: static files under <c>wwwroot/read</c>, served at <c>/read/</c>. Every other GET under
/// <c>/read/</c> (<c>/read/{slug}</c>, <c>/read/?q=...</c>) gets its <c>index.html</c>, whose script reads the
/// address and calls the public API like any other client. No build step: the files are served as written.
/// </summary>
public static class ReaderSetup
{
    public const string PathPrefix = "/read";

    /// <summary>
    /// Its own policy, stricter than Swagger UI's: own scripts and styles only, no inline code, requests to this
    /// origin only. The API describes images (caption, credit) but links no image files, so nothing third-party loads.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void UseReader(this WebApplication app)
    {
        // A branch ahead of routing: the reader's files skip the API's routing, rate limits and output cache.
        app.UseWhen(http => http.Request.Path.StartsWithSegments(PathPrefix), read =>
        {
            var files = new StaticFileOptions
            {
                FileProvider = app.Environment.WebRootFileProvider ?? new NullFileProvider(),
                // Revalidate each time (a cheap 304 on the ETag), so a new version of the reader shows at once.
                OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache",
            };
            read.Use((context, next) =>
            {
                // /read → /read/, so the page's address and its links agree.
                if (context.Request.Path.Equals(PathPrefix, StringComparison.Ordinal))
                {
                    context.Response.Redirect(PathPrefix + "/" + context.Request.QueryString, permanent: true);
                    return Task.CompletedTask;
                }

                return next(context);
            });
            read.UseStaticFiles(files);
            read.Use((context, next) =>
            {
                // Not a file: a page of the reader (a deep link), which its index.html renders.
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                {
                    context.Request.Path = PathPrefix + "/index.html";
                }

                return next(context);
            });
            read.UseStaticFiles(files);
        });
    }
}
