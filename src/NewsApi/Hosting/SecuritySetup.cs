using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace NewsApi.Hosting;

public static class SecuritySetup
{
    public static void AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeyHashes>();
        // The default policy names the scheme, so the authorization middleware authenticates only requests to
        // [Authorize] endpoints (the writes); reads, nearly all the traffic, never run the API-key handler.
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(o => o.DefaultPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .Build());

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<NewsApiOptions>>((o, api) =>
        {
            var options = api.Value;
            // The middleware's default is 503, which tells clients the server is broken rather than that they are too fast.
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                // A token bucket knows when it refills; a full concurrency queue only knows it is full.
                var perClientLimit = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
                var seconds = perClientLimit ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = perClientLimit
                            ? $"Slow down: retry after {seconds} s."
                            : $"The server is busy with {RequestBudgets.Classify(context.HttpContext.Request).ToString().ToLowerInvariant()} requests and its queue for them is full: retry after {seconds} s.",
                    },
                });
            };
            // One limiter for everything: each client gets a read bucket and a much smaller write bucket.
            // Health probes are never limited, so a busy client cannot take the service out of rotation.
            var perClient = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (http.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }

                var client = ClientKey(http);
                return RequestBudgets.Classify(http.Request) == RequestBudget.Write
                    ? RateLimitPartition.GetTokenBucketLimiter("w:" + client, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, options.WriteRequestsPerMinute / 6),
                        TokensPerPeriod = Math.Max(1, options.WriteRequestsPerMinute / 6),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetTokenBucketLimiter("r:" + client, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.ReadRequestsPerSecond * 2,
                        TokensPerPeriod = options.ReadRequestsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    });
            });

            // A few requests at a time do the work and the rest wait their turn: each running request holds a
            // thread and a SQLite connection with its own page cache, so unbounded concurrency only buys memory.
            // Reads, searches and writes each have their own slots and queue, so writes waiting for the import lock
            // or a burst of expensive searches cannot take the slots a 1 ms read needs.
            var concurrency = PartitionedRateLimiter.Create<HttpContext, RequestBudget>(http =>
            {
                var budget = RequestBudgets.Classify(http.Request);
                return budget == RequestBudget.Health
                    ? RateLimitPartition.GetNoLimiter(budget)
                    : RateLimitPartition.GetConcurrencyLimiter(budget, b => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = b switch
                        {
                            RequestBudget.Write => options.MaxConcurrentWrites,
                            RequestBudget.Search => options.MaxConcurrentSearches,
                            _ => options.MaxConcurrentRequests,
                        },
                        QueueLimit = options.MaxQueuedRequests,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    });
            });
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, concurrency);
        });

        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        // Also governs the middleware the host adds itself when ASPNETCORE_FORWARDEDHEADERS_ENABLED is set: with no
        // proxy configured, nothing is forwarded (empty lists alone would make it trust every caller).
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NewsApiOptions>>((o, api) =>
        {
            var options = api.Value;
            o.ForwardedHeaders = options.TrustedProxies.Length > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            // Walk back through a chain of trusted proxies (CDN, then load balancer); it stops at the first unknown hop.
            o.ForwardLimit = null;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in options.TrustedProxies)
            {
                if (NewsApiOptions.TryParseProxy(proxy, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
            }
        });
    }

    /// <summary>
    /// Behind the configured reverse proxies, the client's address and scheme come from <c>X-Forwarded-*</c>, so rate
    /// limits, logs and HTTPS redirection see the client instead of the proxy. Runs first; does nothing when no proxy
    /// is configured.
    /// </summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<NewsApiOptions>>().Value.TrustedProxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    // Behind a reverse proxy this is the client's address only when the proxy is in NewsApi:TrustedProxies.
    private static string ClientKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";

    public static void UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // Set as the response starts, not now: the exception handler clears the headers before it writes a 500,
            // and that response needs them as much as any other.
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";

                // Swagger UI needs its own scripts, styles (some inline) and data: images; the reader only its own
                // files and the API; the API needs nothing.
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger")
                    ? "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
                    : context.Request.Path.StartsWithSegments(ReaderSetup.PathPrefix)
                        ? ReaderSetup.ContentSecurityPolicy
                        : "default-src 'none'; frame-ancestors 'none'";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });

        if (!app.Environment.IsDevelopment() && HttpsConfigured(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
    }

    /// <summary>CORS, rate limits and API keys; runs after routing so each sees the endpoint.</summary>
    public static void UseAccessControl(this WebApplication app)
    {
        app.UseCors(ApiSetup.CorsPolicy);
        app.UseRateLimiter();

        // No UseAuthentication: it would authenticate every request with the only registered scheme (ASP.NET Core
        // makes a single scheme the default), while authorization authenticates with the policy's scheme anyway.
        app.UseAuthorization();
    }

    private static bool HttpsConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["HTTPS_PORT"] ?? configuration["ASPNETCORE_HTTPS_PORT"] ?? configuration["HTTPS_PORTS"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => e["Url"]?.StartsWith("https", StringComparison.OrdinalIgnoreCase) == true)
        || (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? string.Empty).Contains("https://", StringComparison.OrdinalIgnoreCase);
}
