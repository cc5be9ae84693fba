namespace NewsApi.Data;

/// <summary>
/// Notices commits made through other connections (another process, another node) for one store, whatever its
/// provider: SQLite's <c>PRAGMA data_version</c>, PostgreSQL's <c>ContentVersions</c> row and its notifications.
/// The host's content version is bumped through <see cref="IStoreChangeNotifier"/>, the signal this process's own
/// writes and imports already raise, so cached responses from before a foreign commit are never served after it.
/// </summary>
public interface IContentVersionWatcher
{
    /// <summary>The store's own version as last seen; null before the first read. Only compared for change.</summary>
    long? Current { get; }

    /// <summary>
    /// Watches until <paramref name="stoppingToken"/> is cancelled (then throws <see cref="OperationCanceledException"/>),
    /// calling <see cref="IStoreChangeNotifier.Changed"/> on <paramref name="changed"/> for every change seen after the
    /// first read. A lost connection is logged and retried, never thrown.
    /// </summary>
    Task WatchAsync(IStoreChangeNotifier changed, CancellationToken stoppingToken);
}
