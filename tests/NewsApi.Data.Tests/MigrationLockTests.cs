using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace NewsApi.Data.Tests;

/// <summary>
/// A process killed while EF Core held its SQLite migration lock leaves the lock row behind; the next start must
/// migrate anyway instead of waiting forever (the crash-safety check hung CI this way).
/// </summary>
public sealed class MigrationLockTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "newsapi-data-tests", Guid.NewGuid().ToString("N"));

    public MigrationLockTests() => Directory.CreateDirectory(_root);

    private string ConnectionString => $"Data Source={Path.Combine(_root, "news.db")}";

    private NewsDbContext CreateContext() => new(new DbContextOptionsBuilder<NewsDbContext>().UseSqlite(ConnectionString).Options);

    [Fact]
    public async Task A_lock_row_left_by_a_killed_process_does_not_stop_pending_migrations()
    {
        await using (var db = CreateContext())
        {
            var first = db.Database.GetMigrations().First();
            await db.GetService<IMigrator>().MigrateAsync(first);
        }

        LeaveOrphanLockRow();

        await using (var db = CreateContext())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await StoreMigrator.MigrateAsync(db, NullLogger.Instance, timeout.Token);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM __EFMigrationsLock"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"));
    }

    [Fact]
    public async Task A_lock_row_left_by_a_killed_process_does_not_stop_a_start_with_nothing_to_migrate()
    {
        await using (var db = CreateContext())
        {
            await StoreMigrator.MigrateAsync(db, NullLogger.Instance);
        }

        LeaveOrphanLockRow();

        await using (var db = CreateContext())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await StoreMigrator.MigrateAsync(db, NullLogger.Instance, timeout.Token);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
    }

    [Fact]
    public async Task A_second_migrator_waits_for_the_first_to_release_the_file_lock()
    {
        var lockPath = StoreMigrator.LockPathFor(ConnectionString)!;
        await using var db = CreateContext();
        Task migrating;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            migrating = StoreMigrator.MigrateAsync(db, NullLogger.Instance);
            await Task.Delay(500);
            Assert.False(migrating.IsCompleted, "migrated while another process held the lock");
            Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'"));
        }

        await migrating.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(Scalar("SELECT COUNT(*) FROM __EFMigrationsHistory") > 0);
    }

    private void LeaveOrphanLockRow()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-11-27 23:40:00+00:00');
            """;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
