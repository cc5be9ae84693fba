using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NewsApi.Contracts;

namespace NewsApi.Hosting.OpenApi;

/// <summary>
/// The examples of the OpenAPI document, in one place: what the API answers for the seed article
/// (<c>data/articles/000_0782390d389fb1a1.txt</c>) in a store holding only that article. They are typed, so a
/// changed response record no longer compiles here; <c>ResponseExampleTests</c> asks the app for each example
/// and fails when the answer differs (times apart).
/// </summary>
internal static partial class ResponseExamples
{
    private static readonly DateTimeOffset Imported = new(2026, 11, 28, 15, 43, 12, 448, TimeSpan.Zero);

    public const string TraceId = "d9c5b44715d54424bf16f88f2c4c2be0";

    public static readonly ArticleReference Reference = new(
        1,
        "north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit",
        "North Korean officials head to US amid suggestions of second Trump/Kim summit");

    private const string Caption = "Senior North Korean official Kim Yong Chol arrives at Beijing International Airport heading for Washington";

    public static readonly ImageResponse Image = new(1, 1, Caption, "REUTERS/Jason Lee", "REUTERS", "Jason Lee", new LineRangeResponse(3, 4));

    public static readonly IReadOnlyList<RelatedLinkResponse> RelatedLinks =
    [
        new(1, 1, "Indonesian woman, 44, mauled to death by 4.4m-long pet crocodile after falling into its enclosure", "MORE", null, null, new LineRangeResponse(18, 18)),
        new(2, 2, "Drink driver, 39, killed partner in passenger seat and smashed into 22 cars after all-day session", "MORE", null, null, new LineRangeResponse(19, 19)),
    ];

    private static readonly string[] Paragraphs =
    [
        "North Korean officials are heading to the US amid suggestions of a second summit between Donald Trump and Kim Jong Un.",
        "Kim Yong Chol, said to be North Korea’s lead negotiator in talks with the United States, was pictured at Beijing International Airport heading for Washington, where he is expected to meet counterpart Mike Pompeo and other US officials.",
        "The meeting is thought to be a sign that the two countries are finalising plans for a second summit between their leaders.",
        "Following their first summit in Singapore in June, Donald Trump said he had managed to get Kim Jong Un to agree to complete denuclearisation of the Korean Peninsula, but talks seem to have stalled since then, with critics saying the President had failed to get North Korea to agree any specifics.",
        "According to CNN, Kim Yong Chol is expected to arrive in Washington on Thursday then meet Secretary of State Mike Pompeo and US special representative to North Korea Steve Biegun on Friday.",
        "It is not known if he will visit the White House.",
        "A White House spokesperson told CNN: “A lot of positive things are happening. He (Trump) and Chairman Kim have established a good relationship, and conversations between the United States and North Korea continue.",
        "“We are working to make progress on our goal of achieving the final, fully verified denuclearization of North Korea, and the President looks forward to meeting Chairman Kim again at their second summit at a place and time yet to be determined.”",
    ];

    public static readonly ArticleResponse Article = new(
        Reference.Id,
        Reference.Slug,
        "http://localhost:5000/api/v1/articles/" + Reference.Slug,
        Reference.Title,
        Paragraphs[0],
        250,
        Imported,
        [
            new ImageBlockResponse(1, new LineRangeResponse(3, 4)),
            new ParagraphBlockResponse(Paragraphs[0], new LineRangeResponse(6, 6)),
            new ParagraphBlockResponse(Paragraphs[1], new LineRangeResponse(8, 8)),
            new ParagraphBlockResponse(Paragraphs[2], new LineRangeResponse(10, 10)),
            new ParagraphBlockResponse(Paragraphs[3], new LineRangeResponse(12, 12)),
            new ParagraphBlockResponse(Paragraphs[4], new LineRangeResponse(14, 14)),
            new ParagraphBlockResponse(Paragraphs[5], new LineRangeResponse(16, 16)),
            new RelatedLinkBlockResponse(1, new LineRangeResponse(18, 18)),
            new RelatedLinkBlockResponse(2, new LineRangeResponse(19, 19)),
            new ParagraphBlockResponse(Paragraphs[6], new LineRangeResponse(21, 21)),
            new ParagraphBlockResponse(Paragraphs[7], new LineRangeResponse(23, 23)),
        ],
        [Image],
        RelatedLinks,
        new SourceResponse("000_0782390d389fb1a1.txt", "e922e8a9c30b71a9dd38c968fb1f7fb923dc3b2798299a6e74c300be8458d0c6", 2058, "utf-8", "LF", Imported, []))
    {
        // The seed prints no byline, date, dateline or URL, so they are null here (ResponseExampleTests compares this
        // with the API's answer); the schema's property examples show values.
        FirstSeenAt = Imported,
    };

    public static readonly ArticleSummaryResponse Summary = new(
        Article.Id, Article.Slug, Article.Url, Article.Title, Article.Summary, Article.WordCount, Article.Images.Count, Article.RelatedLinks.Count,
        new LeadImageResponse(Image.Id, Image.Caption, Image.Credit), Article.UpdatedAt, null, null)
    {
        Byline = Article.Byline,
        PublishedAt = Article.PublishedAt,
        Dateline = Article.Dateline,
        SourceUrl = Article.SourceUrl,
        FirstSeenAt = Article.FirstSeenAt,
    };

    /// <summary>The seed article's teaser card, as a related link's <c>target</c> or a backlink shows it.</summary>
    public static readonly ArticleTeaserResponse Teaser = new(Article.Id, Article.Slug, Article.Title, Article.Summary, Summary.LeadImage, Article.Url);

    public static readonly ImageWithArticleResponse ImageWithArticle = new(
        Image.Id, Image.Position, Image.Caption, Image.Credit, Image.CreditAgency, Image.CreditPhotographer, Image.Lines, Reference);

    public static readonly IReadOnlyList<RelatedLinkWithArticleResponse> RelatedLinksWithArticle =
        [.. RelatedLinks.Select(r => new RelatedLinkWithArticleResponse(r.Id, r.Position, r.Title, r.Marker, r.TargetArticleId, r.TargetSlug, r.Lines, Reference))];

    public static readonly ImportRunResponse ImportRun = new(1, "completed", Imported.AddMilliseconds(-359), Imported.AddMilliseconds(81), 1, 1, 1, 0, 0, 0, 0, 0, []);


    /// <summary>The example for a 2xx response body of this type, or null when there is none.</summary>
    public static object? For(Type type)
    {
        if (type == typeof(ArticleResponse))
        {
            return Article;
        }

        if (type == typeof(PagedResponse<ArticleSummaryResponse>))
        {
            return Page<ArticleSummaryResponse>([Summary]);
        }

        if (type == typeof(PagedResponse<ImageWithArticleResponse>))
        {
            return Page<ImageWithArticleResponse>([ImageWithArticle]);
        }

        if (type == typeof(PagedResponse<RelatedLinkWithArticleResponse>))
        {
            return Page(RelatedLinksWithArticle);
        }

        return type switch
        {
            _ when type == typeof(ImageWithArticleResponse) => ImageWithArticle,
            _ when type == typeof(RelatedLinkWithArticleResponse) => RelatedLinksWithArticle[0],
            _ when type == typeof(IReadOnlyList<ImageResponse>) => new[] { Image },
            _ when type == typeof(IReadOnlyList<RelatedLinkResponse>) => RelatedLinks,
            // Nothing links to the seed article (its teasers name articles that are not shipped), so this shows the shape.
            _ when type == typeof(IReadOnlyList<ArticleTeaserResponse>) => new[] { Teaser },
            _ when type == typeof(IReadOnlyList<SuggestionResponse>) => new[] { new SuggestionResponse(Reference.Id, Reference.Slug, Reference.Title) },
            _ when type == typeof(ImportRunResponse) => ImportRun,
            _ => null,
        };
    }

    /// <summary>
    /// A problem as the API sends it for <paramref name="status"/> on a request to <paramref name="template"/> (a route
    /// template such as <c>/api/v1/images/{id}</c>, its parameters taken as 1); the titles and details are the ones
    /// the controllers and middleware write.
    /// </summary>
    /// <param name="status">The status code.</param>
    /// <param name="template">The operation's path.</param>
    /// <param name="pagedList">Whether the operation lists a collection page by page (a 400 is then about <c>pageSize</c>).</param>
    /// <param name="queryNames">The operation's query parameters, which a 400 for an unknown one lists.</param>
    public static JsonObject Problem(int status, string template, bool pagedList, IEnumerable<string> queryNames)
    {
        var (type, title, detail) = status switch
        {
            400 => ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "One or more validation errors occurred.",
                pagedList ? null : "The request has unknown, repeated or unusable query parameters."),
            401 => ("https://tools.ietf.org/html/rfc9110#section-15.5.2", "API key required", "Writes need a valid API key in the X-Api-Key header."),
            404 => NotFound(template),
            412 => ("https://tools.ietf.org/html/rfc9110#section-15.5.13", "Precondition failed",
                "Article 1 has changed since that ETag; GET it again and retry with the new ETag."),
            413 => (null, "Article too large", "An article may be at most 1,048,576 bytes."),
            415 => ("https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported Media Type", null),
            422 => ("https://tools.ietf.org/html/rfc4918#section-11.2", "Not an article", "empty-file at line 0: The file holds only whitespace."),
            429 => (null, "Too many requests", "Slow down: retry after 1 s."),
            503 => ("https://tools.ietf.org/html/rfc9110#section-15.6.4", "The store cannot take writes",
                "The database file /var/lib/newsapi/news.db is not writable by the server (its permissions or a read-only mount): writes would fail."),
            507 => ("https://tools.ietf.org/html/rfc4918#section-11.5", "The store's disk is full",
                "Nothing was applied: the disk that holds the database is full. Retry once space has been freed."),
            _ => ((string?, string, string?))(null, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), null),
        };
        var problem = new JsonObject();
        if (type is not null)
        {
            problem["type"] = type;
        }

        problem["title"] = title;
        problem["status"] = status;
        if (detail is not null)
        {
            problem["detail"] = detail;
        }

        problem["instance"] = Parameter().Replace(template, "1");
        if (status == 400)
        {
            problem["errors"] = pagedList
                ? new JsonObject { ["pageSize"] = new JsonArray("The field pageSize must be between 1 and 100.") }
                : new JsonObject { ["page"] = new JsonArray($"Unknown query parameter 'page'. Known: {string.Join(", ", queryNames.Order(StringComparer.Ordinal))}.") };
        }

        problem["traceId"] = TraceId;
        if (status == 422)
        {
            problem["diagnostics"] = new JsonArray(new JsonObject
            {
                ["severity"] = "error",
                ["code"] = "empty-file",
                ["line"] = 0,
                ["message"] = "The file holds only whitespace.",
            });
        }

        return problem;
    }

    private static (string? Type, string Title, string? Detail) NotFound(string template)
    {
        const string Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5";
        return template switch
        {
            _ when template.StartsWith("/api/v1/images", StringComparison.Ordinal) => (Type, "Image not found", "No image has the id 1."),
            _ when template.StartsWith("/api/v1/related-links", StringComparison.Ordinal) => (Type, "Related link not found", "No related link has the id 1."),
            _ when template.StartsWith("/api/v1/imports/{id}", StringComparison.Ordinal) => (Type, "Import run not found", "No import run has the id 1."),
            _ when template.StartsWith("/api/v1/imports", StringComparison.Ordinal) => (Type, "No import yet", "The importer has not run yet."),
            _ when template.Contains("{idOrSlug}", StringComparison.Ordinal) => (Type, "Article not found", "No article has the id or slug '1'."),
            _ => (Type, "Article not found", "No article has the id 1."),
        };
    }

    private static PagedResponse<T> Page<T>(IReadOnlyList<T> items) => new(items, 1, 20, items.Count, 1, null);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
