using Microsoft.Data.Sqlite;

namespace NewsApi.Data.Renditions;

/// <summary>An article's stored response body with the validators sent with it.</summary>
public sealed record StoredRendition(string ETag, string LastModified, byte[] Json);

/// <summary>
/// The SQL of the <c>ArticleRenditions</c> table, beside the writer that deletes a rendition in the same transaction as
/// any change that would make it stale (<see cref="Import.SqliteArticleWriter"/>, <see cref="Import.SqliteDialect"/>):
/// finding the articles that have none, storing one, and reading one by id or slug. What a rendition contains is the
/// host's business; the host renders, this stores.
/// </summary>
public static class RenditionStore
{
    /// <summary>
    /// Deletes the renditions an insert, change or removal of the article <c>$id</c> makes stale: its own, and those of
    /// every article with a related link resolved to it, whose <c>target</c> shows its title, summary, lead image and
    /// url. Run before the change (while the links still point at it: a removal sets them to null).
    /// </summary>
    public const string ForgetSql = """
        DELETE FROM ArticleRenditions
        WHERE ArticleId = $id OR ArticleId IN (SELECT ArticleId FROM RelatedLinks WHERE TargetArticleId = $id);
        """;

    /// <summary>Up to <paramref name="max"/> ids above <paramref name="after"/> of articles without a rendition, lowest first.</summary>
    public static async Task<List<int>> PendingAsync(SqliteConnection connection, SqliteTransaction transaction, int after, int max, CancellationToken ct)
    {
        await using var pending = connection.CreateCommand();
        pending.Transaction = transaction;
        pending.CommandText = """
            SELECT a.Id FROM Articles a
            WHERE a.Id > $after AND NOT EXISTS (SELECT 1 FROM ArticleRenditions r WHERE r.ArticleId = a.Id)
            ORDER BY a.Id LIMIT $max
            """;
        pending.Parameters.AddWithValue("$after", after);
        pending.Parameters.AddWithValue("$max", max);
        var ids = new List<int>(max);
        await using var reader = await pending.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    /// <summary>A prepared insert-or-replace for a batch of renditions in one transaction.</summary>
    public static Func<int, StoredRendition, CancellationToken, Task> PrepareStore(SqliteConnection connection, SqliteTransaction transaction)
    {
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO ArticleRenditions (ArticleId, ETag, LastModified, Json) VALUES ($id, $etag, $modified, $json)";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var etag = insert.Parameters.Add("$etag", SqliteType.Text);
        var modified = insert.Parameters.Add("$modified", SqliteType.Text);
        var json = insert.Parameters.Add("$json", SqliteType.Blob);
        return async (articleId, rendition, ct) =>
        {
            id.Value = articleId;
            etag.Value = rendition.ETag;
            modified.Value = rendition.LastModified;
            json.Value = rendition.Json;
            await insert.ExecuteNonQueryAsync(ct);
        };
    }

    /// <summary>
    /// An open connection with the two lookups prepared. Reads of one article are the most common request, so the host
    /// keeps a few of these in a pool: a pooled connection from Microsoft.Data.Sqlite would prepare the statement every time.
    /// </summary>
    public sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _byId;
        private readonly SqliteCommand _bySlug;

        public Reader(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _byId = Prepare("SELECT ETag, LastModified, Json FROM ArticleRenditions WHERE ArticleId = $key", SqliteType.Integer);
            _bySlug = Prepare("""
                SELECT r.ETag, r.LastModified, r.Json FROM Articles a JOIN ArticleRenditions r ON r.ArticleId = a.Id
                WHERE a.Slug = $key
                """, SqliteType.Text);
        }

        /// <summary>The rendition of the article with this id, or else this slug; null when there is none.</summary>
        public StoredRendition? Find(int? id, string? slug)
        {
            var command = id is null ? _bySlug : _byId;
            command.Parameters[0].Value = (object?)id ?? slug;
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredRendition(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)) : null;
        }

        public void Dispose()
        {
            _byId.Dispose();
            _bySlug.Dispose();
            _connection.Dispose();
        }

        private SqliteCommand Prepare(string sql, SqliteType keyType)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Add("$key", keyType);
            command.Prepare();
            return command;
        }
    }
}
