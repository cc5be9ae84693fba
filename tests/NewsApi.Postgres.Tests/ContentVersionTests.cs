using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// Nodes agree on PostgreSQL: a commit anywhere bumps the database's content version once, a rollback never, and a
/// node's <see cref="PostgresContentVersionWatcher"/> sees it within the 2 s issue #17 allows, through LISTEN, or
/// through its polling and reconnecting when a notification is lost.
/// </summary>
public sealed class ContentVersionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_commit_in_another_connection_reaches_the_watcher_within_2_s()
    {
        await using var database = await MigratedAsync();
        await using var node = await WatcherAsync(database);
        await using var writer = await OpenAsync(database);

        var latencies = new List<double>();
        for (var i = 1; i <= 50; i++)
        {
            await RemoveArticleAsync(writer, i);
            var committed = Stopwatch.GetTimestamp();
            var version = await VersionAsync(writer);

            await node.SeesAsync(version);
            latencies.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
        }

        Assert.Equal(50, node.Changes);
        latencies.Sort();
        output.WriteLine($"commit to watcher over 50 commits: median {latencies[25]:0.00} ms, max {latencies[^1]:0.00} ms");
    }

    [Fact]
    public async Task A_rolled_back_transaction_changes_nothing_and_a_committed_one_bumps_once()
    {
        await using var database = await MigratedAsync();
        await using var node = await WatcherAsync(database);
        await using var writer = await OpenAsync(database);
        var before = await VersionAsync(writer);

        await using (var rolledBack = await writer.BeginTransactionAsync())
        {
            await RemoveArticleAsync(writer, 1);
            await ExecuteAsync(writer, """UPDATE "ArticleTombstones" SET "Reason" = 'withdrawn'""");
            await rolledBack.RollbackAsync();
        }

        // Three statements on two tables, one of them in a savepoint that is rolled back: one bump, one notification.
        await using (var committed = await writer.BeginTransactionAsync())
        {
            await RemoveArticleAsync(writer, 2);
            await committed.SaveAsync("partly");
            await RemoveArticleAsync(writer, 3);
            await committed.RollbackAsync("partly");
            await ExecuteAsync(writer, """INSERT INTO "ImportRuns" ("StartedAt", "Status", "SourceDirectory", "FilesSeen", "Imported", "Updated", "Unchanged", "Removed", "Skipped", "Missing") VALUES (0, 'running', 'x', 0, 0, 0, 0, 0, 0, 0)""");
            await committed.CommitAsync();
        }

        Assert.Equal(before + 1, await VersionAsync(writer));
        await node.SeesAsync(before + 1);
        Assert.Equal(1, node.Changes);
        Assert.Equal(["2"], await database.QueryStringsAsync("""SELECT "ArticleId"::text FROM "ArticleTombstones" """));
    }

    [Fact]
    public async Task With_the_listening_backend_terminated_a_later_commit_is_still_seen_within_2_s()
    {
        await using var database = await MigratedAsync();
        await using var node = await WatcherAsync(database);
        await using var writer = await OpenAsync(database);

        Assert.Equal(1, await TerminateWatchersAsync(writer));
        await RemoveArticleAsync(writer, 1);

        await node.SeesAsync(await VersionAsync(writer));
        Assert.Single(node.Logged(), l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_change_that_sends_no_notification_is_seen_by_polling_within_2_s()
    {
        await using var database = await MigratedAsync();
        await using var node = await WatcherAsync(database);
        await using var writer = await OpenAsync(database);

        // No trigger on the version row itself: only the once-a-second read can see this.
        await ExecuteAsync(writer, """UPDATE "ContentVersions" SET "Version" = "Version" + 1""");

        await node.SeesAsync(await VersionAsync(writer));
        Assert.Equal(1, node.Changes);
    }

    [Fact]
    public async Task Two_watchers_on_two_connections_both_see_one_commit()
    {
        await using var database = await MigratedAsync();
        await using var first = await WatcherAsync(database);
        await using var second = await WatcherAsync(database);
        await using var writer = await OpenAsync(database);

        await RemoveArticleAsync(writer, 1);
        var version = await VersionAsync(writer);

        await Task.WhenAll(first.SeesAsync(version), second.SeesAsync(version));
        Assert.Equal(1, first.Changes);
        Assert.Equal(1, second.Changes);
        Assert.Equal(2, await WatcherCountAsync(writer));
    }

    [Fact]
    public async Task Every_table_a_get_reads_has_the_trigger_and_migrating_down_and_up_keeps_it()
    {
        await using var database = await MigratedAsync();
        using (var db = Context(database.ConnectionString))
        {
            // Every table of the model is watched but the idempotency records and the writer's id high-water marks
            // (no GET reads them) and the version itself.
            var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct()
                .Except(["IdempotencyRecords", "IdHighWater", "ContentVersions"]).Order(StringComparer.Ordinal);
            Assert.Equal(tables, ContentVersions.Watched.Order(StringComparer.Ordinal));
            Assert.Equal(tables, await TriggeredTablesAsync(database));

            // Down to the first migration (no triggers yet; later migrations add tables that carry them) and back.
            var migrations = db.Database.GetMigrations().ToList();
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[0]);
            Assert.Empty(await TriggeredTablesAsync(database));
            Assert.Empty(await database.QueryStringsAsync("SELECT proname::text FROM pg_proc WHERE proname = 'newsapi_content_changed'"));

            await migrator.MigrateAsync(migrations[^1]);
            Assert.Equal(tables, await TriggeredTablesAsync(database));
        }

        await using var node = await WatcherAsync(database);
        await using var writer = await OpenAsync(database);
        await RemoveArticleAsync(writer, 1);
        await node.SeesAsync(1);
    }

    private static Task<List<string>> TriggeredTablesAsync(PostgresDatabase database) =>
        database.QueryStringsAsync("""
            SELECT c.relname::text COLLATE "C" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE t.tgname = 'newsapi_content_changed' AND NOT t.tgisinternal ORDER BY 1
            """);

    private static async Task<PostgresDatabase> MigratedAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        using var db = Context(database.ConnectionString);
        await db.Database.MigrateAsync();
        return database;
    }

    private static NewsDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<NewsDbContext>();
        options.UseNewsApiPostgres(connectionString);
        return new NewsDbContext(options.Options);
    }

    private static async Task<Node> WatcherAsync(PostgresDatabase database)
    {
        var node = new Node(database.ConnectionString);
        await node.StartedAsync();
        return node;
    }

    private static async Task<NpgsqlConnection> OpenAsync(PostgresDatabase database)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static Task RemoveArticleAsync(NpgsqlConnection connection, int id) =>
        ExecuteAsync(connection, $"""INSERT INTO "ArticleTombstones" ("ArticleId", "Slug", "SourceFileName", "RemovedAt", "Reason") VALUES ({id}, 'a-{id}', 'a-{id}.txt', 0, 'removed')""");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> VersionAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""SELECT "Version" FROM "ContentVersions" """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> TerminateWatchersAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int FROM (
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name OFFSET 0) watchers
            """,
            connection);
        command.Parameters.AddWithValue("name", ContentVersions.ApplicationName);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> WatcherCountAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", connection);
        command.Parameters.AddWithValue("name", ContentVersions.ApplicationName);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>One node's watcher, running until disposed, counting the change signals it raises.</summary>
    private sealed class Node : IStoreChangeNotifier, ILogger, IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly PostgresContentVersionWatcher _watcher;
        private readonly Task _running;
        private int _changes;
        private volatile TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Node(string connectionString)
        {
            _watcher = new PostgresContentVersionWatcher(connectionString, this);
            _running = Task.Run(() => _watcher.WatchAsync(this, _stop.Token));
        }

        public int Changes => Volatile.Read(ref _changes);

        private readonly List<(LogLevel Level, string Message)> _logged = [];

        /// <summary>Waits until the watcher has read the version once (it is listening by then).</summary>
        public async Task StartedAsync()
        {
            var waited = Stopwatch.StartNew();
            while (_watcher.Current is null)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the watcher never read the version");
                Assert.False(_running.IsCompleted, "the watcher stopped");
                await Task.Delay(5);
            }
        }

        /// <summary>Waits for a change signal with <paramref name="version"/>, failing after the 2 s bound.</summary>
        public async Task SeesAsync(long version)
        {
            var waited = Stopwatch.StartNew();
            while (_watcher.Current != version)
            {
                var changed = _changed.Task;
                if (_watcher.Current == version)
                {
                    break;
                }

                Assert.False(_running.IsCompleted, $"the watcher stopped: {_running.Exception?.InnerException?.Message}");
                var left = Bound - waited.Elapsed;
                Assert.True(left > TimeSpan.Zero && await Task.WhenAny(changed, Task.Delay(left)) == changed,
                    $"the watcher saw version {_watcher.Current}, not {version}, {Bound.TotalSeconds} s after the commit");
            }
        }

        public void Changed()
        {
            Interlocked.Increment(ref _changes);
            Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_logged)
            {
                _logged.Add((logLevel, formatter(state, exception)));
            }
        }

        public List<(LogLevel Level, string Message)> Logged()
        {
            lock (_logged)
            {
                return [.. _logged];
            }
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _running);
            _stop.Dispose();
        }
    }
}
