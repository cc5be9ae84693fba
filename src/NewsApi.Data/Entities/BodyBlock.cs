namespace NewsApi.Data.Entities;

/// <summary>The kind of a body block.</summary>
public enum BlockType
{
    Paragraph = 1,
    Image = 2,
    RelatedLink = 3,
}

/// <summary>One block of an article's body in reading order: paragraph text, or a reference to an image or a related link.</summary>
public class BodyBlock
{
    public int ArticleId { get; set; }
    public int Position { get; set; }
    public BlockType Type { get; set; }
    public string? Text { get; set; }
    public int? ImageId { get; set; }
    public int? RelatedLinkId { get; set; }
    public int FirstLine { get; set; }
    public int LastLine { get; set; }
}
