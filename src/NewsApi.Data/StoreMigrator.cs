using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace NewsApi.Data;

/// <summary>
/// Applies the checked-in migrations of the store's provider and, on SQLite, switches the file to WAL, safely across
/// processes that die mid-way.
/// </summary>
/// <remarks>
/// EF Core's SQLite migration lock is a row in <c>__EFMigrationsLock</c>. A process killed while it holds the row
/// (even during a no-op <c>Migrate</c>) leaves it behind, and every later <c>Migrate</c> waits for it forever
/// (dotnet/efcore#38958; seen here when the crash-safety check killed an import at start-up). The row is not
/// tied to a live process, so this class guards migration with an OS file lock that the kernel releases when
/// its holder dies: whoever holds the file lock is the only migrator, so a lock row it finds is stale and goes.
/// </remarks>
public static partial class StoreMigrator
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    public static async Task MigrateAsync(NewsDbContext db, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite())
        {
            // On a server database (PostgreSQL) the lock is the server's, held for the migrating connection, so a
            // migrator that dies releases it; there is no file to guard and no journal mode to set. EF Core's own lock
            // (Npgsql's LOCK TABLE) ends with the first migration's transaction: with two pending migrations, a second
            // node then read the history between them and applied the second again (42P07). The session advisory
            // lock below ("NewsApiM"; PostgreSQL is the only server provider) covers the whole run on the migrating session.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(5649052644508985677)", cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(5649052644508985677)", CancellationToken.None);
            }
            finally
            {
                // A migration that failed leaves the lock to the session: the pool's reset (DISCARD ALL) releases it.
                await db.Database.CloseConnectionAsync();
            }

            return;
        }

        var lockPath = LockPathFor(db.Database.GetConnectionString());
        using (var fileLock = lockPath is null ? null : await AcquireAsync(lockPath, logger, cancellationToken))
        {
            if (await ClearStaleLockAsync(db, cancellationToken) > 0)
            {
                LogStaleLockCleared(logger, db.Database.GetDbConnection().DataSource);
            }

            await db.Database.MigrateAsync(cancellationToken);
        }

        // WAL lets readers go on while an import writes; the mode is stored in the file, so once is enough.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
    }

    /// <summary>The lock file beside a file database; null for in-memory databases, which no other process sees.</summary>
    public static string? LockPathFor(string? connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        return string.IsNullOrEmpty(csb.DataSource) || csb.DataSource == ":memory:" || csb.Mode == SqliteOpenMode.Memory
            ? null
            : Path.GetFullPath(csb.DataSource) + "-migrate.lock";
    }

    private static async Task<FileStream> AcquireAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        var waiting = false;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix (a share lock on Windows): held by one process only.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!waiting)
                {
                    LogWaiting(logger, path);
                    waiting = true;
                }

                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private static async Task<int> ClearStaleLockAsync(NewsDbContext db, CancellationToken cancellationToken)
    {
        var exists = await db.Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'")
            .SingleAsync(cancellationToken);
        return exists == 0 ? 0 : await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed a migration lock left by a process that died while migrating {Database}")]
    private static partial void LogStaleLockCleared(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another process to finish migrating (lock file {LockFile})")]
    private static partial void LogWaiting(ILogger logger, string lockFile);
}
