using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using NewsApi.Store;

namespace NewsApi.Caching;

/// <summary>
/// A number that changes whenever the store's content may have changed. Cached responses are keyed by it, so a
/// response rendered before a change is never served after it: writes and imports in this process bump it as
/// they finish, and <see cref="ContentVersionWatcher"/> notices commits by anyone else (a CLI import, another
/// instance) through SQLite's <c>PRAGMA data_version</c>.
/// </summary>
public sealed class ContentVersion : IStoreChangeNotifier
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);

    void IStoreChangeNotifier.Changed() => Bump();
}

/// <summary>
/// Runs the store's <see cref="IContentVersionWatcher"/> for the host's lifetime, once migrations have run, bumping
/// <see cref="ContentVersion"/> for every commit made elsewhere.
/// </summary>
internal sealed class ContentVersionWatcher(
    ContentVersion version,
    StoreState state,
    IServiceScopeFactory scopes,
    ILogger<ContentVersionWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await state.Migrated.WaitAsync(stoppingToken);
            IContentVersionWatcher watcher;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var database = scope.ServiceProvider.GetRequiredService<NewsDbContext>().Database;
                var connectionString = database.GetConnectionString()!;

                // PostgreSQL: LISTEN/NOTIFY on the database-wide version row, so every node learns of every node's commits.
                watcher = database.IsSqlite()
                    ? new SqliteContentVersionWatcher(connectionString, logger)
                    : new PostgresContentVersionWatcher(connectionString, logger);
            }

            await watcher.WatchAsync(version, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A stop, also when the host is disposed after a failed start without StopAsync (see RenditionBuilder).
        }
    }
}

/// <summary>SQLite's <c>PRAGMA data_version</c>, polled every 250 ms on a connection of its own.</summary>
internal sealed partial class SqliteContentVersionWatcher(string connectionString, ILogger logger) : IContentVersionWatcher
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private long _current = long.MinValue;

    public long? Current => Interlocked.Read(ref _current) is var current and not long.MinValue ? current : null;

    public async Task WatchAsync(IStoreChangeNotifier changed, CancellationToken stoppingToken)
    {
        // data_version only changes for commits made through *other* connections, so this one stays open and only reads.
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        long? last = null;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var current = (long)(await command.ExecuteScalarAsync(stoppingToken))!;
                if (last is not null && current != last)
                {
                    changed.Changed();
                }

                last = current;
                Interlocked.Exchange(ref _current, current);
            }
            catch (SqliteException e)
            {
                LogPollFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not poll the store for changes")]
    private static partial void LogPollFailed(ILogger logger, Exception e);
}
