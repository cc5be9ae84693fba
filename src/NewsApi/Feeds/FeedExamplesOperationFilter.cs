using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NewsApi.Articles;
using NewsApi.Hosting.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Feeds;

/// <summary>Gives each feed (and JSON-LD) response an example written by the same code that writes the feed.</summary>
internal sealed class FeedExamplesOperationFilter(IOptions<JsonOptions> json) : IOperationFilter
{
    private JsonSerializerOptions Json => json.Value.JsonSerializerOptions;

    private static readonly FeedInfo Info = new(
        "tag:news.example.com,2026:feed:articles", "NewsApi: articles", "The newest articles from NewsApi.",
        "https://news.example.com/", "https://api.example.com/api/v1/feeds/articles", "NewsApi", "tag:news.example.com,2026:article:");

    private static readonly FeedItem[] Items =
    [
        new(1, "https://news.example.com/north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit",
            "North Korean officials head to US amid suggestions of second Trump/Kim summit",
            "North Korea’s former spy chief Kim Yong Chol is heading to the US for talks.",
            new DateTimeOffset(2026, 1, 17, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 17, 9, 30, 0, TimeSpan.Zero), null),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses?.TryGetValue("200", out var response) != true || response is not OpenApiResponse { Content: { } content })
        {
            return;
        }

        // The controller's [Produces("application/json")] adds a JSON entry to an action that answers only JSON-LD.
        if (content.ContainsKey(ArticleJsonLd.ContentType))
        {
            content.Remove("application/json");
        }

        foreach (var (type, media) in content)
        {
            var example = type switch
            {
                FeedsController.RssType => Encoding.UTF8.GetString(FeedWriter.Rss(Info with { SelfUrl = Info.SelfUrl + ".rss" }, Items)),
                FeedsController.AtomType => Encoding.UTF8.GetString(FeedWriter.Atom(Info with { SelfUrl = Info.SelfUrl + ".atom" }, Items)),
                FeedsController.JsonFeedType => Encoding.UTF8.GetString(FeedWriter.JsonFeed(Info with { SelfUrl = Info.SelfUrl + ".json" }, Items)),
                FeedsController.SitemapType => """<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example.com/north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit</loc><lastmod>2026-01-17T09:30:00Z</lastmod></url></urlset>""",
                ArticleJsonLd.ContentType => JsonSerializer.Serialize(
                    ArticleJsonLd.From(ResponseExamples.Article, "NewsApi", (id, slug) => "http://localhost:5000/api/v1/articles/" + slug), Json),
                _ => null,
            };
            if (example is not null && media is OpenApiMediaType concrete)
            {
                concrete.Example = type is FeedsController.JsonFeedType or ArticleJsonLd.ContentType ? JsonNode.Parse(example) : JsonValue.Create(example);
                if (type == FeedsController.JsonFeedType)
                {
                    concrete.Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1)." };
                }
            }
        }
    }
}
