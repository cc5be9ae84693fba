using NewsApi.Data.Postgres.Import;
using NewsApi.Data.Renditions;
using Npgsql;
using NpgsqlTypes;

namespace NewsApi.Data.Postgres;

/// <summary>
/// The SQL of the <c>ArticleRenditions</c> table on PostgreSQL: <see cref="RenditionStore"/>'s twin. Every writer
/// deletes the renditions a change makes stale in the change's own transaction (<see cref="PostgresArticleWriter"/>,
/// <see cref="PostgresImportWriter"/>, teaser resolution), under the writers' lock; the builder renders under the same
/// lock, so a rendition stored by any node is never older than the article, and every node serves the same one.
/// </summary>
public static class PostgresRenditions
{
    /// <summary>
    /// Takes the writers' lock for the rest of <paramref name="transaction"/> if it is free; false when an import or a
    /// write (of any node) holds it. The builder then tries again later rather than queue behind a long import.
    /// </summary>
    public static async Task<bool> TryLockWritersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = PostgresDialect.WriterLockKey });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Up to <paramref name="max"/> ids above <paramref name="after"/> of articles without a rendition, lowest first.</summary>
    public static async Task<List<int>> PendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int after, int max, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a."Id" FROM "Articles" a
            WHERE a."Id" > @after AND NOT EXISTS (SELECT 1 FROM "ArticleRenditions" r WHERE r."ArticleId" = a."Id")
            ORDER BY a."Id" LIMIT @max
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Integer) { Value = after });
        command.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Integer) { Value = max });
        var ids = new List<int>(max);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    /// <summary>Stores (or replaces) one article's rendition in <paramref name="transaction"/>.</summary>
    public static async Task StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int articleId, StoredRendition rendition, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO "ArticleRenditions" ("ArticleId", "ETag", "LastModified", "Json") VALUES (@id, @etag, @modified, @json)
            ON CONFLICT ("ArticleId") DO UPDATE SET "ETag" = excluded."ETag", "LastModified" = excluded."LastModified", "Json" = excluded."Json"
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Integer) { Value = articleId });
        command.Parameters.Add(new NpgsqlParameter("etag", NpgsqlDbType.Text) { Value = rendition.ETag });
        command.Parameters.Add(new NpgsqlParameter("modified", NpgsqlDbType.Text) { Value = rendition.LastModified });
        command.Parameters.Add(new NpgsqlParameter("json", NpgsqlDbType.Bytea) { Value = rendition.Json });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The rendition of the article with this id, or else this slug; null when there is none. One indexed row, read
    /// asynchronously on <paramref name="connection"/> (open).
    /// </summary>
    public static async Task<StoredRendition?> FindAsync(NpgsqlConnection connection, int? id, string? slug, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(id is not null
            ? """SELECT "ETag", "LastModified", "Json" FROM "ArticleRenditions" WHERE "ArticleId" = @key"""
            : """
                SELECT r."ETag", r."LastModified", r."Json" FROM "Articles" a JOIN "ArticleRenditions" r ON r."ArticleId" = a."Id"
                WHERE a."Slug" = @key
                """, connection);
        command.Parameters.Add(id is { } value
            ? new NpgsqlParameter("key", NpgsqlDbType.Integer) { Value = value }
            : new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = slug! });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredRendition(reader.GetString(0), reader.GetString(1), await reader.GetFieldValueAsync<byte[]>(2, ct))
            : null;
    }
}
