namespace NewsApi.Data.Entities;

/// <summary>An image of an article, known by its caption and credit.</summary>
public class Image : IHasId
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public Article? Article { get; set; }

    /// <summary>1-based position among the article's images.</summary>
    public int Position { get; set; }
    public required string Caption { get; set; }
    public string? Credit { get; set; }
    public string? CreditAgency { get; set; }
    public string? CreditPhotographer { get; set; }
    public int FirstLine { get; set; }
    public int LastLine { get; set; }
}
