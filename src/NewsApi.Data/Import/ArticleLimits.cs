using NewsApi.Parsing;

namespace NewsApi.Data.Import;

/// <summary>
/// Caps on what one article may hold. Real articles stay far below them; a scraped page with thousands of
/// teasers or paragraphs is not an article, and storing it would make every read of it slow.
/// </summary>
public static class ArticleLimits
{
    public const int MaxBlocks = 2_000;
    public const int MaxHeadlineLength = 1_000;

    /// <summary>Null when the article is within limits, else the error diagnostic that says which limit it broke.</summary>
    public static Diagnostic? Check(ParsedArticle article)
    {
        if (article.Blocks.Count > MaxBlocks)
        {
            return new Diagnostic(DiagnosticSeverity.Error, "too-many-blocks", article.Blocks[MaxBlocks].Lines.First,
                $"The article has {article.Blocks.Count:N0} body blocks; the limit is {MaxBlocks:N0}.");
        }

        if (article.Headline.Length > MaxHeadlineLength)
        {
            return new Diagnostic(DiagnosticSeverity.Error, "headline-too-long", article.HeadlineLine,
                $"The headline is {article.Headline.Length:N0} characters long; the limit is {MaxHeadlineLength:N0}.");
        }

        return null;
    }
}
