using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace NewsApi.Data.Postgres;

/// <summary>
/// The database-wide content version on PostgreSQL: one row, bumped once by every transaction that changes what the
/// API serves, in that transaction, by statement-level triggers the migration puts on those tables; the same
/// trigger sends <see cref="Channel"/> with the new version, which PostgreSQL delivers at commit only. A rolled-back
/// transaction neither bumps nor notifies, and no write path has to remember either (migration NotifyContentVersions).
/// </summary>
public static class ContentVersions
{
    /// <summary>The notification channel; its payload is the version the committing transaction wrote.</summary>
    public const string Channel = "newsapi_content";

    /// <summary>The <c>application_name</c> of a watcher's connection, so operators can tell it in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "newsapi content watcher";

    internal const string Table = "ContentVersions";

    /// <summary>
    /// The tables whose commits bump the version (the migration's triggers): articles and their children, tombstones,
    /// renditions and import runs, every table a GET reads. SQLite's <c>data_version</c> changes on every commit, so
    /// these are the commits it sees there too.
    /// </summary>
    public static readonly IReadOnlyList<string> Watched =
    [
        "Articles", "BodyBlocks", "Images", "RelatedLinks", "ArticleSources", "ArticleTombstones", "ArticleRenditions",
        "ImportRuns", "ImportFileResults", "ArticleSearchVectors", "ImageSearchVectors",
    ];
}

/// <summary>The one row of <c>ContentVersions</c>; only the migration and <see cref="PostgresContentVersionWatcher"/> touch it.</summary>
internal sealed class ContentVersionRow
{
    public int Id { get; set; }

    public long Version { get; set; }
}

/// <summary>
/// Watches <see cref="ContentVersions"/> from one node: <c>LISTEN</c> on a dedicated connection for changes within
/// milliseconds, and a read of the row every second as well, so a notification missed for any reason costs at most a
/// second. A lost connection is logged once per outage and reopened with backoff; the first read after it catches up.
/// </summary>
public sealed partial class PostgresContentVersionWatcher(string connectionString, ILogger logger) : IContentVersionWatcher
{
    private const long NotRead = long.MinValue;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private long _current = NotRead;

    /// <inheritdoc />
    public long? Current => Interlocked.Read(ref _current) is var current and not NotRead ? current : null;

    /// <inheritdoc />
    public async Task WatchAsync(IStoreChangeNotifier changed, CancellationToken stoppingToken)
    {
        // LISTEN belongs to a session: never a pooled or multiplexed connection, which another user could get or reset.
        var csb = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            Multiplexing = false,
            ApplicationName = ContentVersions.ApplicationName,
            CommandTimeout = 5,
        };
        var retry = FirstRetry;
        long? outageStarted = null;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(csb.ConnectionString);
                connection.Notification += (_, e) =>
                {
                    if (long.TryParse(e.Payload, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
                    {
                        Seen(version, fromRow: false, changed);
                    }
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ContentVersions.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Read after LISTEN, so a commit between the two is seen either way.
                await ReadAsync(connection, changed, stoppingToken);
                if (outageStarted is { } started)
                {
                    LogReconnected(logger, Stopwatch.GetElapsedTime(started).TotalSeconds);
                    outageStarted = null;
                }

                retry = FirstRetry;
                var lastRead = Stopwatch.GetTimestamp();
                while (true)
                {
                    var wait = (PollInterval - Stopwatch.GetElapsedTime(lastRead)).TotalMilliseconds;
                    if (wait > 0)
                    {
                        // Whole milliseconds, never 0: Npgsql reads a timeout of 0 as none, and would wait for a notification.
                        await connection.WaitAsync((int)Math.Ceiling(wait), stoppingToken);
                    }
                    else
                    {
                        await ReadAsync(connection, changed, stoppingToken);
                        lastRead = Stopwatch.GetTimestamp();
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Anything but a stop: the server restarting, the backend terminated, the table not migrated yet.
                if (outageStarted is null)
                {
                    outageStarted = Stopwatch.GetTimestamp();
                    LogLost(logger, e);
                }
            }

            await Task.Delay(retry, stoppingToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private async Task ReadAsync(NpgsqlConnection connection, IStoreChangeNotifier changed, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""SELECT "Version" FROM "{ContentVersions.Table}" WHERE "Id" = 1""", connection);
        var version = (long)(await command.ExecuteScalarAsync(cancellation))!;
        Seen(version, fromRow: true, changed);
    }

    /// <summary>
    /// The row is the truth, so any difference counts (a restored database may go back); a notification may arrive
    /// after a read that already saw a later version, so it counts only when it is newer.
    /// </summary>
    private void Seen(long version, bool fromRow, IStoreChangeNotifier changed)
    {
        var last = Interlocked.Read(ref _current);
        if (last == NotRead)
        {
            Interlocked.Exchange(ref _current, version);
        }
        else if (fromRow ? version != last : version > last)
        {
            Interlocked.Exchange(ref _current, version);
            changed.Changed();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the store's change notifications; reconnecting, and until then other nodes' changes are not seen")]
    private static partial void LogLost(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the store's changes again after {Seconds:0.0} s")]
    private static partial void LogReconnected(ILogger logger, double seconds);
}
