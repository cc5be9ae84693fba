namespace NewsApi.Data.Entities;

/// <summary>
/// The first answer to a <c>POST</c> sent with an <c>Idempotency-Key</c>: a retry with the same key (from the same
/// API key) gets it again instead of creating a second article. Kept for 24 hours.
/// </summary>
public class IdempotencyRecord
{
    /// <summary>SHA-256 of the caller's API key and the Idempotency-Key, so neither is stored.</summary>
    public required string KeyHash { get; set; }

    /// <summary>SHA-256 of the request body: the same key with another body is refused.</summary>
    public required string RequestHash { get; set; }
    public int ArticleId { get; set; }
    public int Status { get; set; }
    public required string Location { get; set; }
    public required byte[] Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
