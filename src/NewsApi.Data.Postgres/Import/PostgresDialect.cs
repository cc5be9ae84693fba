using System.Data.Common;
using NewsApi.Data.Import;
using Npgsql;
using NpgsqlTypes;

namespace NewsApi.Data.Postgres.Import;

/// <summary>
/// The write path on PostgreSQL. One writer across every process on the database: an import holds a session advisory
/// lock on its connection for the whole run, an API write takes the transaction-scoped one with the same key, both on
/// top of the process's <see cref="ArticleImporter.Gate"/>. The server releases either when its holder's session ends,
/// so a killed node never blocks the others. Needs session pooling: PgBouncer in transaction mode breaks session locks.
/// </summary>
internal sealed class PostgresDialect : StoreDialect
{
    /// <summary>The writers' advisory lock key ("NewsApiW" in ASCII): one per database, shared by every node.</summary>
    public const long WriterLockKey = 0x4E65_7773_4170_6957;

    public static readonly PostgresDialect Instance = new();

    public override void BeginImport(DbConnection connection)
    {
        // Waits as long as another node's import or write holds the lock (no command timeout): the run is queued, as
        // one behind the in-process gate is.
        using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", (NpgsqlConnection)connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = WriterLockKey });
        command.ExecuteNonQuery();
    }

    public override void EndImport(DbConnection connection)
    {
        try
        {
            using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", (NpgsqlConnection)connection);
            command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = WriterLockKey });
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // A broken session has lost its locks with it; a pooled one is reset (DISCARD ALL unlocks) before reuse.
        }
    }

    public override async Task LockWriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction)
        {
            CommandTimeout = 0,
        };
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = WriterLockKey });
        await command.ExecuteNonQueryAsync(ct);
    }

    public override IArticleWriter CreateWriter(DbConnection connection, DbTransaction transaction) =>
        new PostgresArticleWriter((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);

    public override IArticleWriter CreateImportWriter(DbConnection connection, DbTransaction transaction) =>
        new PostgresImportWriter((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);

    public override DbCommand ExistingArticles(DbConnection connection) =>
        new NpgsqlCommand("""
            SELECT a."Id", a."SourceFileName", a."ImportedSha256", a."Slug", a."SourceSize", a."SourceModifiedAt", a."Origin",
                EXISTS (SELECT 1 FROM "ArticleSources" s WHERE s."ArticleId" = a."Id")
            FROM "Articles" a
            """, (NpgsqlConnection)connection);

    public override DbCommand AllTombstones(DbConnection connection) =>
        new NpgsqlCommand("""
            SELECT "ArticleId", "Slug", "SourceFileName", "RemovedAt", "Reason", "ImportedSha256", "FirstSeenAt"
            FROM "ArticleTombstones" ORDER BY "RemovedAt", "ArticleId"
            """, (NpgsqlConnection)connection);

    public override int ResolveRelatedLinks(DbConnection db, DbTransaction? outer)
    {
        var connection = (NpgsqlConnection)db;
        using var own = outer is null ? connection.BeginTransaction() : null;
        var tx = (NpgsqlTransaction)(outer ?? own!);
        using var command = new NpgsqlCommand("""
            WITH target AS (
                SELECT r."Id", (SELECT a."Id" FROM "Articles" a
                                WHERE a."NormalizedTitle" = r."NormalizedTitle" AND a."Id" <> r."ArticleId"
                                ORDER BY a."Id" LIMIT 1) AS "ArticleId"
                FROM "RelatedLinks" r)
            UPDATE "RelatedLinks" l SET "TargetArticleId" = target."ArticleId"
            FROM target
            WHERE target."Id" = l."Id" AND l."TargetArticleId" IS DISTINCT FROM target."ArticleId"
            RETURNING l."ArticleId"
            """, connection, tx);
        var articles = new HashSet<int>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                articles.Add(reader.GetInt32(0));
            }
        }

        if (articles.Count > 0)
        {
            // An article whose teaser now points elsewhere renders differently: its rendition goes in the same transaction.
            using var forget = new NpgsqlCommand("""DELETE FROM "ArticleRenditions" WHERE "ArticleId" = ANY(@ids)""", connection, tx);
            forget.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = articles.ToArray() });
            forget.ExecuteNonQuery();
        }

        own?.Commit();
        return articles.Count;
    }

    public override int StartRun(DbConnection connection, string directory, long nowTicks)
    {
        using var command = new NpgsqlCommand("""
            INSERT INTO "ImportRuns" ("StartedAt", "Status", "SourceDirectory", "FilesSeen", "Imported", "Updated", "Unchanged", "Removed", "Skipped", "Missing")
            VALUES (@now, 'running', @dir, 0, 0, 0, 0, 0, 0, 0) RETURNING "Id"
            """, (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = nowTicks });
        command.Parameters.Add(new NpgsqlParameter("dir", NpgsqlDbType.Text) { Value = directory });
        return (int)command.ExecuteScalar()!;
    }

    public override void SetTotal(DbConnection connection, int runId, int files)
    {
        using var command = new NpgsqlCommand("""UPDATE "ImportRuns" SET "FilesSeen" = @seen WHERE "Id" = @run""", (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter("seen", NpgsqlDbType.Integer) { Value = files });
        command.Parameters.Add(new NpgsqlParameter("run", NpgsqlDbType.Integer) { Value = runId });
        command.ExecuteNonQuery();
    }

    public override void EndRun(DbConnection connection, int runId, string status, long nowTicks)
    {
        using var command = new NpgsqlCommand("""
            UPDATE "ImportRuns" SET "Status" = @status, "FinishedAt" = @now WHERE "Id" = @run AND "Status" = 'running'
            """, (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = status });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = nowTicks });
        command.Parameters.Add(new NpgsqlParameter("run", NpgsqlDbType.Integer) { Value = runId });
        command.ExecuteNonQuery();
    }

    public override void UpdateRunCounts(DbConnection connection, DbTransaction transaction, int runId, int imported, int updated, int unchanged, int skipped)
    {
        using var command = new NpgsqlCommand("""
            UPDATE "ImportRuns" SET "Imported" = @imported, "Updated" = @updated, "Unchanged" = @unchanged, "Skipped" = @skipped
            WHERE "Id" = @run
            """, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        AddInts(command.Parameters, ("imported", imported), ("updated", updated), ("unchanged", unchanged), ("skipped", skipped), ("run", runId));
        command.ExecuteNonQuery();
    }

    public override void FinishRun(DbConnection db, ImportSummary summary, IEnumerable<ImportFileRow> fileResults, long nowTicks)
    {
        var connection = (NpgsqlConnection)db;
        using var tx = connection.BeginTransaction();

        // One statement for every file's line: the per-file results as arrays, unnested on the server.
        var rows = fileResults.ToList();
        using (var insert = new NpgsqlCommand("""
            INSERT INTO "ImportFileResults" ("ImportRunId", "FileName", "Outcome", "ArticleId", "DiagnosticsJson")
            SELECT @run, f, o, a, d FROM unnest(@files, @outcomes, @articles, @diags) WITH ORDINALITY AS r(f, o, a, d, n) ORDER BY n
            """, connection, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter("run", NpgsqlDbType.Integer) { Value = summary.RunId });
            insert.Parameters.Add(new NpgsqlParameter("files", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.File).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("outcomes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Outcome).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("articles", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.ArticleId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("diags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.DiagnosticsJson).ToArray() });
            insert.ExecuteNonQuery();
        }

        using (var update = new NpgsqlCommand("""
            UPDATE "ImportRuns" SET "FinishedAt" = @now, "Status" = @status, "FilesSeen" = @seen, "Imported" = @imported,
                "Updated" = @updated, "Unchanged" = @unchanged, "Removed" = @removed, "Skipped" = @skipped, "Missing" = @missing
            WHERE "Id" = @run
            """, connection, tx))
        {
            update.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = nowTicks });
            update.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = summary.Status });
            AddInts(update.Parameters, ("seen", summary.FilesSeen), ("imported", summary.Imported), ("updated", summary.Updated),
                ("unchanged", summary.Unchanged), ("removed", summary.Removed), ("skipped", summary.Skipped.Count), ("missing", summary.Missing),
                ("run", summary.RunId));
            update.ExecuteNonQuery();
        }

        tx.Commit();
    }

    private static void AddInts(NpgsqlParameterCollection parameters, params (string Name, int Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = value });
        }
    }
}
