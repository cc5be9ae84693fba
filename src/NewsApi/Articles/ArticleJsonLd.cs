using System.Text.Json.Serialization;
using NewsApi.Contracts;

namespace NewsApi.Articles;

/// <summary>An article as schema.org <c>NewsArticle</c> JSON-LD, for search engines.</summary>
public static class ArticleJsonLd
{
    public const string ContentType = "application/ld+json";

    /// <summary>
    /// The article's JSON-LD. <c>datePublished</c>, <c>author</c> and <c>isBasedOn</c> come from the date, byline and
    /// source URL the source prints, and stay out when it prints none (null values are not written).
    /// </summary>
    public static NewsArticle From(ArticleResponse article, string publisher, Func<int, string, string> urlOf) => new(
        "https://schema.org",
        "NewsArticle",
        article.Url,
        article.Title,
        article.Summary,
        string.Join("\n\n", article.Body.OfType<ParagraphBlockResponse>().Select(p => p.Text)),
        article.WordCount,
        article.Url,
        article.UpdatedAt,
        article.PublishedAt,
        article.Byline is { } byline ? new Person("Person", byline) : null,
        new Organization("Organization", publisher),
        article.SourceUrl,
        article.RelatedLinks.Where(r => r.TargetArticleId is not null && r.TargetSlug is not null)
            .Select(r => urlOf(r.TargetArticleId!.Value, r.TargetSlug!)).Distinct().ToList());

    /// <summary>A schema.org NewsArticle.</summary>
    /// <param name="Context">Always <c>https://schema.org</c>.</param>
    /// <param name="Type">Always <c>NewsArticle</c>.</param>
    /// <param name="Id">The article's <c>url</c>, as its node id.</param>
    /// <param name="Headline">The headline.</param>
    /// <param name="Description">The summary (first paragraph).</param>
    /// <param name="ArticleBody">The paragraphs, separated by blank lines.</param>
    /// <param name="WordCount">Words in the paragraphs.</param>
    /// <param name="Url">The article's <c>url</c>.</param>
    /// <param name="DateModified">When the article last changed (UTC).</param>
    /// <param name="DatePublished">When it was published, when known.</param>
    /// <param name="Author">The byline's person, when known.</param>
    /// <param name="Publisher">The publisher (<c>NewsApi:Publisher:Name</c>).</param>
    /// <param name="IsBasedOn">The source URL, when known.</param>
    /// <param name="RelatedLink">The urls of the articles its teasers name.</param>
    public sealed record NewsArticle(
        [property: JsonPropertyName("@context")] string Context,
        [property: JsonPropertyName("@type")] string Type,
        [property: JsonPropertyName("@id")] string Id,
        string Headline,
        string Description,
        string ArticleBody,
        int WordCount,
        string Url,
        DateTimeOffset DateModified,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? DatePublished,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Person? Author,
        Organization Publisher,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IsBasedOn,
        IReadOnlyList<string> RelatedLink);

    /// <summary>A schema.org Person.</summary>
    /// <param name="Type">Always <c>Person</c>.</param>
    /// <param name="Name">The person's name.</param>
    public sealed record Person([property: JsonPropertyName("@type")] string Type, string Name);

    /// <summary>A schema.org Organization.</summary>
    /// <param name="Type">Always <c>Organization</c>.</param>
    /// <param name="Name">The organization's name.</param>
    public sealed record Organization([property: JsonPropertyName("@type")] string Type, string Name);
}
