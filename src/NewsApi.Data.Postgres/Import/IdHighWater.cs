namespace NewsApi.Data.Postgres.Import;

/// <summary>
/// The highest id a table has ever given (PostgreSQL only): what SQLite's <c>AUTOINCREMENT</c> keeps in
/// <c>sqlite_sequence</c>. The writer gives ids itself (identity values are not transactional), above both the table's
/// live rows and this mark, and raises the mark before it deletes rows, so an image or teaser id is never given twice
/// and a rolled-back write gives its ids back. Articles need none: their tombstones keep removed ids.
/// </summary>
public sealed class IdHighWater
{
    /// <summary>The table: <c>Images</c> or <c>RelatedLinks</c>.</summary>
    public required string Name { get; set; }

    public int LastId { get; set; }
}
