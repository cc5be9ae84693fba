using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace NewsApi.Data.Import;

/// <summary>
/// The write path on SQLite, the default provider: prepared statements on the context's connection. Across processes
/// SQLite's own write lock serialises the batches, so the writers' lock is the process's <see cref="ArticleImporter.Gate"/>
/// alone, and an API write's transaction holds the write lock from its first write.
/// </summary>
internal sealed class SqliteDialect : StoreDialect
{
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    public override void BeginImport(DbConnection connection)
    {
        using var pragma = connection.CreateCommand();

        // WAL makes each commit atomic and durable against a killed process; NORMAL skips
        // the fsync per commit that only a power cut could need. A larger page cache keeps the
        // index pages of a big import in memory.
        pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";
        pragma.ExecuteNonQuery();
    }

    public override void EndImport(DbConnection connection)
    {
        // The connection goes back to the pool and will serve reads: give it back the default page cache,
        // or every pooled connection an import ever used keeps up to 64 MB of pages (seen in the soak).
        using var reset = connection.CreateCommand();
        reset.CommandText = "PRAGMA cache_size = -2000; PRAGMA synchronous = FULL;";
        reset.ExecuteNonQuery();
    }

    public override Task LockWriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) => Task.CompletedTask;

    public override IArticleWriter CreateWriter(DbConnection connection, DbTransaction transaction) =>
        new SqliteArticleWriter((SqliteConnection)connection, (SqliteTransaction)transaction);

    public override DbCommand ExistingArticles(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = """
            SELECT Id, SourceFileName, ImportedSha256, Slug, SourceSize, SourceModifiedAt, Origin,
                EXISTS (SELECT 1 FROM ArticleSources s WHERE s.ArticleId = a.Id)
            FROM Articles a
            """;
        return command;
    }

    public override DbCommand AllTombstones(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = "SELECT ArticleId, Slug, SourceFileName, RemovedAt, Reason, ImportedSha256, FirstSeenAt FROM ArticleTombstones ORDER BY RemovedAt, ArticleId";
        return command;
    }

    public override int ResolveRelatedLinks(DbConnection db, DbTransaction? outer)
    {
        var connection = (SqliteConnection)db;

        // An API write resolves inside its own transaction, so the write and its teasers commit together.
        using var own = outer is null ? connection.BeginTransaction() : null;
        var tx = (SqliteTransaction)(outer ?? own!);
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            WITH target AS (
                SELECT r.Id, (SELECT a.Id FROM Articles a
                              WHERE a.NormalizedTitle = r.NormalizedTitle AND a.Id <> r.ArticleId
                              ORDER BY a.Id LIMIT 1) AS ArticleId
                FROM RelatedLinks r)
            UPDATE RelatedLinks SET TargetArticleId = target.ArticleId
            FROM target
            WHERE target.Id = RelatedLinks.Id AND RelatedLinks.TargetArticleId IS NOT target.ArticleId
            RETURNING RelatedLinks.ArticleId;
            """;
        var articles = new HashSet<long>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                articles.Add(reader.GetInt64(0));
            }
        }

        // An article whose teaser now points elsewhere renders differently: its rendition goes in the same transaction.
        using var forget = connection.CreateCommand();
        forget.Transaction = tx;
        forget.CommandText = "DELETE FROM ArticleRenditions WHERE ArticleId = $id";
        var id = forget.Parameters.Add("$id", SqliteType.Integer);
        foreach (var article in articles)
        {
            id.Value = article;
            forget.ExecuteNonQuery();
        }

        own?.Commit();
        return articles.Count;
    }

    public override int StartRun(DbConnection connection, string directory, long nowTicks)
    {
        using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ImportRuns (StartedAt, Status, SourceDirectory, FilesSeen, Imported, Updated, Unchanged, Removed, Skipped, Missing)
            VALUES ($now, 'running', $dir, 0, 0, 0, 0, 0, 0, 0) RETURNING Id;
            """;
        command.Parameters.AddWithValue("$now", nowTicks);
        command.Parameters.AddWithValue("$dir", directory);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override void SetTotal(DbConnection connection, int runId, int files)
    {
        using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = "UPDATE ImportRuns SET FilesSeen = $seen WHERE Id = $run";
        command.Parameters.AddWithValue("$seen", files);
        command.Parameters.AddWithValue("$run", runId);
        command.ExecuteNonQuery();
    }

    public override void EndRun(DbConnection connection, int runId, string status, long nowTicks)
    {
        using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = "UPDATE ImportRuns SET Status = $status, FinishedAt = $now WHERE Id = $run AND Status = 'running'";
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$now", nowTicks);
        command.Parameters.AddWithValue("$run", runId);
        command.ExecuteNonQuery();
    }

    public override void UpdateRunCounts(DbConnection connection, DbTransaction transaction, int runId, int imported, int updated, int unchanged, int skipped)
    {
        using var update = (SqliteCommand)connection.CreateCommand();
        update.Transaction = (SqliteTransaction)transaction;
        update.CommandText = """
            UPDATE ImportRuns SET Imported = $imported, Updated = $updated, Unchanged = $unchanged, Skipped = $skipped
            WHERE Id = $run
            """;
        update.Parameters.AddWithValue("$imported", imported);
        update.Parameters.AddWithValue("$updated", updated);
        update.Parameters.AddWithValue("$unchanged", unchanged);
        update.Parameters.AddWithValue("$skipped", skipped);
        update.Parameters.AddWithValue("$run", runId);
        update.ExecuteNonQuery();
    }

    public override void FinishRun(DbConnection db, ImportSummary summary, IEnumerable<ImportFileRow> fileResults, long nowTicks)
    {
        var connection = (SqliteConnection)db;
        using var tx = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO ImportFileResults (ImportRunId, FileName, Outcome, ArticleId, DiagnosticsJson)
                VALUES ($run, $file, $outcome, $article, $diag)
                """;
            insert.Parameters.AddWithValue("$run", summary.RunId);
            var file = insert.Parameters.Add("$file", SqliteType.Text);
            var outcome = insert.Parameters.Add("$outcome", SqliteType.Text);
            var article = insert.Parameters.Add("$article", SqliteType.Integer);
            var diag = insert.Parameters.Add("$diag", SqliteType.Text);
            foreach (var r in fileResults)
            {
                file.Value = r.File;
                outcome.Value = r.Outcome;
                article.Value = (object?)r.ArticleId ?? DBNull.Value;
                diag.Value = r.DiagnosticsJson;
                insert.ExecuteNonQuery();
            }
        }

        using (var update = connection.CreateCommand())
        {
            update.Transaction = tx;
            update.CommandText = """
                UPDATE ImportRuns SET FinishedAt = $now, Status = $status, FilesSeen = $seen, Imported = $imported,
                    Updated = $updated, Unchanged = $unchanged, Removed = $removed, Skipped = $skipped, Missing = $missing
                WHERE Id = $run
                """;
            update.Parameters.AddWithValue("$now", nowTicks);
            update.Parameters.AddWithValue("$seen", summary.FilesSeen);
            update.Parameters.AddWithValue("$imported", summary.Imported);
            update.Parameters.AddWithValue("$updated", summary.Updated);
            update.Parameters.AddWithValue("$unchanged", summary.Unchanged);
            update.Parameters.AddWithValue("$removed", summary.Removed);
            update.Parameters.AddWithValue("$skipped", summary.Skipped.Count);
            update.Parameters.AddWithValue("$status", summary.Status);
            update.Parameters.AddWithValue("$missing", summary.Missing);
            update.Parameters.AddWithValue("$run", summary.RunId);
            update.ExecuteNonQuery();
        }

        tx.Commit();
    }
}
