namespace NewsApi.Data.Entities;

/// <summary>A related-article teaser such as <c>MORE: headline</c>, resolved to the article it names when one is in the store.</summary>
public class RelatedLink : IHasId
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public Article? Article { get; set; }

    /// <summary>1-based position among the article's related links.</summary>
    public int Position { get; set; }

    /// <summary>The headline as written in the teaser.</summary>
    public required string Title { get; set; }
    public required string NormalizedTitle { get; set; }
    public required string Marker { get; set; }
    public int? TargetArticleId { get; set; }
    public Article? TargetArticle { get; set; }
    public int FirstLine { get; set; }
    public int LastLine { get; set; }
}
