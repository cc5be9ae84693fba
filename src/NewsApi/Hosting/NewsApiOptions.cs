using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace NewsApi.Hosting;

/// <summary>
/// The <c>NewsApi</c> configuration section: bound once (<see cref="NewsApiOptionsSetup.AddNewsApiOptions"/>),
/// validated when the host starts, and read everywhere through <c>IOptions&lt;NewsApiOptions&gt;</c>, including by
/// the setup of other options (CORS, rate limits, output cache), which configure themselves from it.
/// </summary>
public sealed class NewsApiOptions : IValidatableObject
{
    public const string Section = "NewsApi";

    /// <summary>
    /// The database behind <c>ConnectionStrings:NewsApi</c>: <see cref="StoreProvider.Sqlite"/> (a file, the default)
    /// or <see cref="StoreProvider.Postgres"/> (a server, for several API nodes on one database). The store
    /// setup reads it before the host is built, since it chooses the DbContext's provider (<c>StoreSetup.ReadProvider</c>).
    /// </summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>Folder of <c>*.txt</c> source articles. Relative paths resolve against the content root's repository root when run from the repo.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SourceDirectory { get; set; } = "data/articles";

    /// <summary>Import the source folder when the web host starts.</summary>
    public bool ImportOnStartup { get; set; } = true;

    /// <summary><c>Cache-Control: max-age</c> in seconds for GET responses.</summary>
    [Range(0, 31_536_000)]
    public int CacheMaxAgeSeconds { get; set; } = 60;

    /// <summary>Memory for cached GET responses, in MB. It counts against the resident-memory budget.</summary>
    [Range(1, 4096)]
    public int OutputCacheMegabytes { get; set; } = 32;

    /// <summary>
    /// Keep every article's response rendered in the store (the <c>ArticleRenditions</c> table), so reads by id or
    /// slug are one row. Off: every read is rendered by MVC, and cached in memory like other GETs.
    /// </summary>
    public bool RenderArticles { get; set; } = true;

    /// <summary>Origins allowed by CORS; <c>*</c> allows any.</summary>
    public string[] CorsOrigins { get; set; } = ["*"];

    /// <summary>
    /// API keys that may write (<c>X-Api-Key</c>), as plain keys or <c>sha256:&lt;hex&gt;</c> hashes. Never commit them;
    /// set them through the environment (<c>NewsApi__ApiKeys__0</c>) or a secret store. Empty: writes are refused.
    /// </summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Requests per second each client may make to read endpoints (token bucket; bursts up to twice this).</summary>
    [Range(1, 1_000_000)]
    public int ReadRequestsPerSecond { get; set; } = 200;

    /// <summary>Requests per minute each client may make to write endpoints.</summary>
    [Range(1, 100_000)]
    public int WriteRequestsPerMinute { get; set; } = 60;

    /// <summary>Reads processed at once; more wait in a queue (searches, writes and health probes have their own).</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>Searches (the search routes, suggest, lists with <c>q</c>) processed at once; more wait in their own queue.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentSearches { get; set; } = Environment.ProcessorCount;

    /// <summary>Writes (POST, PUT, DELETE, imports) processed at once; more wait in their own queue.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentWrites { get; set; } = 2;

    /// <summary>Requests that may wait for a turn in each budget (reads, searches, writes) before further ones get 429.</summary>
    [Range(0, 1_000_000)]
    public int MaxQueuedRequests { get; set; } = 10_000;

    /// <summary>Largest article upload, in bytes.</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxArticleBytes { get; set; } = 1024 * 1024;

    /// <summary>Serve Swagger UI and the OpenAPI document.</summary>
    public bool EnableSwagger { get; set; } = true;

    /// <summary>
    /// Reverse proxies (addresses such as <c>10.0.0.5</c>, or networks such as <c>10.0.0.0/8</c>) whose
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. Empty: the headers are ignored, so a client
    /// cannot pick its own rate-limit bucket; behind a proxy, every client then shares the proxy's.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>
    /// Where readers find an article: an absolute http(s) URL template with <c>{slug}</c> and/or <c>{id}</c>
    /// (<c>https://news.example.com/{slug}</c>). It is each article's <c>url</c> and what feeds, the sitemap and
    /// JSON-LD link to. Unset: the article's API URL.
    /// </summary>
    public string? PublicArticleUrl { get; set; }

    /// <summary>
    /// This API's public address (<c>https://api.example.com</c>), the base of the API URLs used when
    /// <see cref="PublicArticleUrl"/> is unset. Unset: each request's scheme and host, and then article reads by id or
    /// slug are not answered from stored renditions (a stored body cannot hold a URL that depends on the request).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Who publishes the articles, as feeds and JSON-LD name them.</summary>
    public PublisherOptions Publisher { get; set; } = new();

    /// <summary>Whether article URLs are the same for every request, so stored renditions may carry them.</summary>
    public bool HasFixedArticleUrls => !string.IsNullOrWhiteSpace(PublicArticleUrl) || !string.IsNullOrWhiteSpace(PublicBaseUrl);

    /// <summary>Whether article reads are answered from renditions kept in the store.</summary>
    public bool StoresRenditions => RenderArticles && HasFixedArticleUrls;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        TrustedProxies
            .Where(p => !TryParseProxy(p, out _))
            .Select(p => new ValidationResult($"'{p}' is neither an IP address (10.0.0.5) nor a network with a zero host part (10.0.0.0/8).", [nameof(TrustedProxies)]))
            .Concat(ValidateUrls());

    private IEnumerable<ValidationResult> ValidateUrls()
    {
        if (!string.IsNullOrWhiteSpace(PublicArticleUrl)
            && (!IsHttpUrl(PublicArticleUrl.Replace("{slug}", "s", StringComparison.Ordinal).Replace("{id}", "1", StringComparison.Ordinal))
                || !(PublicArticleUrl.Contains("{slug}", StringComparison.Ordinal) || PublicArticleUrl.Contains("{id}", StringComparison.Ordinal))))
        {
            yield return new ValidationResult(
                $"'{PublicArticleUrl}' must be an absolute http or https URL containing {{slug}} or {{id}} (https://news.example.com/{{slug}}).", [nameof(PublicArticleUrl)]);
        }

        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && (!IsHttpUrl(PublicBaseUrl) || new Uri(PublicBaseUrl).Query.Length > 0 || PublicBaseUrl.Contains('#', StringComparison.Ordinal)))
        {
            yield return new ValidationResult($"'{PublicBaseUrl}' must be an absolute http or https URL without query or fragment (https://api.example.com).", [nameof(PublicBaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(Publisher.Name) || Publisher.Name.Length > 200 || Publisher.Name.Any(char.IsControl))
        {
            yield return new ValidationResult("NewsApi:Publisher:Name must be 1 to 200 characters without control characters.", [nameof(Publisher)]);
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    /// <summary>Parses one <see cref="TrustedProxies"/> entry; a single address is a network of one.</summary>
    public static bool TryParseProxy(string? value, out System.Net.IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        // IPAddress.TryParse takes shorthand ("10" is 0.0.0.10): an IPv4 address must be written with four parts.
        var slash = value.IndexOf('/');
        var written = slash < 0 ? value : value[..slash];
        if (!System.Net.IPAddress.TryParse(written, out var address)
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && written.Count(c => c == '.') != 3))
        {
            return false;
        }

        if (slash < 0)
        {
            network = new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // A network's host part must be zero: "10.0.0.1/8" is more likely a typo than a way to write 10.0.0.0/8.
        return System.Net.IPNetwork.TryParse(value, out network) && address.Equals(network.BaseAddress);
    }
}

/// <summary>The database engine of the store.</summary>
public enum StoreProvider
{
    /// <summary>An embedded SQLite file: <c>Data Source=data/newsapi.db</c>.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: <c>Host=db.example.com;Database=newsapi;Username=newsapi</c>.</summary>
    Postgres,
}

/// <summary>The <c>NewsApi:Publisher</c> section.</summary>
public sealed class PublisherOptions
{
    /// <summary>The publisher's name: the feeds' author and title, JSON-LD's <c>publisher</c>.</summary>
    public string Name { get; set; } = "NewsApi";
}

public static class NewsApiOptionsSetup
{
    public static void AddNewsApiOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NewsApiOptions>()
            .BindConfiguration(NewsApiOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NewsApiOptions>, NewsApiOptionsValidator>();
    }
}
