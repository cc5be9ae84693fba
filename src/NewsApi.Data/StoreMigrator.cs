using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
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
            await MigrateServerAsync(db, cancellationToken);
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

    /// <summary>
    /// On PostgreSQL, EF Core's migration lock (<c>LOCK TABLE</c>) ends with each migration's transaction, so with
    /// two migrations a second node could read the history between them and apply the next one as well (<c>42P07</c>,
    /// seen here with four nodes at once as soon as there were two migrations). A session advisory lock on one
    /// connection covers the whole run; the server releases it when a migrator dies, so there is nothing to clear.
    /// </summary>
    private static async Task MigrateServerAsync(NewsDbContext db, CancellationToken cancellationToken)
    {
        // Migrate would create a missing database itself, but the lock needs a connection to it first.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (DbException e) when (e.SqlState == "42P04")
            {
                // duplicate_database: another node created it first.
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                // A session lock outlives a failed run on a pooled connection unless released here (or by DISCARD ALL).
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The advisory lock key of migrations on PostgreSQL ("NewsMigr" in ASCII); other advisory locks must use another.</summary>
    public const long MigrationLockKey = 0x4E65_7773_4D69_6772;

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
