using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NewsApi.Data.Configurations;
using NewsApi.Data.Entities;
using NewsApi.Parsing;

namespace NewsApi.Data.Import;

/// <summary>
/// Imports a folder of source files into the store, which is the system of record: the folder is an import source.
/// Unchanged files (same SHA-256) are skipped without parsing, changed files are replaced in place (same id and
/// slug), a file of a removed article brings it back under its old id and slug, and bad files are reported and
/// skipped. Articles whose files are gone are removed (leaving tombstones) only when the caller asks to prune, the
/// article came from the folder, and every part of the folder could be read. Work is committed in batches in
/// file-name order, so a run killed at any moment leaves a consistent database and the next run carries on to the
/// same result as a clean import.
/// </summary>
public sealed partial class ArticleImporter(NewsDbContext db, ILogger<ArticleImporter> logger, TimeProvider clock, IStoreChangeNotifier? notifier = null)
{
    /// <summary>Files larger than this are skipped: no real article comes near it.</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    private const int BatchSize = 256;

    /// <summary>
    /// One writer at a time per process (imports and API writes); across processes SQLite's write lock
    /// serialises the batches, and on PostgreSQL the dialect's advisory lock keeps a whole run alone.
    /// </summary>
    internal static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>
    /// Waits, without blocking a thread, for the lock every writer of this process takes (imports, API writes, the
    /// rendition builder); disposing the result releases it.
    /// </summary>
    /// <remarks>
    /// A writer that skips it still gets SQLite's write lock, but by polling: Microsoft.Data.Sqlite sleeps its thread
    /// between tries, so it holds a pool thread for as long as it waits, and one that polls against a writer taking
    /// back-to-back transactions may wait for all of them. Waiters on this lock queue in order instead.
    /// </remarks>
    public static async Task<IDisposable> EnterWriterAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        return new Releaser();
    }

    private sealed class Releaser : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Gate.Release();
            }
        }
    }

    private readonly StoreDialect _dialect = StoreDialect.For(db);

    /// <summary>This importer's in-process lock; tests give one its own to stand for another process.</summary>
    internal SemaphoreSlim ProcessGate { get; set; } = Gate;

    /// <summary>The listing of one folder; tests replace it to make a folder unreadable while running as root.</summary>
    internal Func<DirectoryInfo, IEnumerable<FileSystemInfo>> EnumerateFolder { get; set; } = d => d.EnumerateFileSystemInfos();

    /// <param name="directory">The source folder.</param>
    /// <param name="progress">Files handled so far.</param>
    /// <param name="cancellationToken">Cancellation; committed batches stay.</param>
    /// <param name="prune">Remove the imported articles whose files are gone. Ignored (nothing is removed) when any
    /// part of the folder could not be read; articles created through the API are never pruned.</param>
    /// <param name="allowEmpty">Let a pruning import of a folder with no files at all remove every imported article.
    /// Without it such a run removes nothing and is <c>incomplete</c>: an empty folder is far more often an unmounted
    /// volume or a wrong path than a newsroom that deleted everything.</param>
    /// <param name="runId">A run already logged by <see cref="CreateRunAsync"/>; null logs a new one.</param>
    public async Task<ImportSummary> ImportAsync(string directory, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default,
        bool prune = false, bool allowEmpty = false, int? runId = null)
    {
        try
        {
            await ProcessGate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (runId is { } queued)
        {
            await EndRunAsync(queued, ImportStatus.Interrupted);
            throw;
        }

        try
        {
            var options = new RunOptions(prune, allowEmpty, runId);
            // Its own thread, not the pool's: the import is synchronous for seconds to minutes, and a pool thread
            // held that long is one fewer for the requests served meanwhile.
            return await Task.Factory.StartNew(() => Import(Path.GetFullPath(directory), options, progress, cancellationToken),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            ProcessGate.Release();
        }
    }

    /// <summary>
    /// Logs a new run as <c>running</c> before it starts, so a caller can hand out its id at once (the API answers 202
    /// with the run's URL) and the run shows in the log while it waits for the writer's lock.
    /// </summary>
    public async Task<int> CreateRunAsync(string directory)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            return _dialect.StartRun(connection, Path.GetFullPath(directory), clock.GetUtcNow().UtcTicks);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Marks every run still logged as <c>running</c> as <c>interrupted</c>: called once at start-up, before this
    /// process starts any import, so a run its predecessor was killed in does not stay "running" forever.
    /// </summary>
    /// <returns>How many runs were marked.</returns>
    public Task<int> MarkInterruptedRunsAsync() =>
        db.ImportRuns.Where(r => r.Status == ImportStatus.Running).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ImportStatus.Interrupted));

    private sealed record RunOptions(bool Prune, bool AllowEmpty, int? RunId);

    private ImportSummary Import(string directory, RunOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        var begun = false;
        try
        {
            _dialect.BeginImport(connection);
            begun = true;
            var runId = options.RunId ?? _dialect.StartRun(connection, directory, clock.GetUtcNow().UtcTicks);
            try
            {
                return Import(connection, directory, runId, options, stopwatch, progress, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Shutdown (or the caller) stopped the run between batches: every committed batch stays, and the log
                // says the run did not finish rather than leaving it "running".
                TryEndRun(connection, runId, ImportStatus.Interrupted);
                throw;
            }
            catch (Exception)
            {
                TryEndRun(connection, runId, ImportStatus.Failed);
                throw;
            }
        }
        finally
        {
            if (begun)
            {
                _dialect.EndImport(connection);
            }

            db.Database.CloseConnection();
            NativeHeap.Trim();
        }
    }

    private void TryEndRun(DbConnection connection, int runId, string status)
    {
        try
        {
            _dialect.EndRun(connection, runId, status, clock.GetUtcNow().UtcTicks);
        }
        catch (DbException)
        {
            // The store itself failed (most likely why the run did): the next start marks the run interrupted.
        }
    }

    private ImportSummary Import(DbConnection connection, string directory, int runId, RunOptions options, Stopwatch stopwatch,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var prune = options.Prune;
        var listing = SourceFolder.Scan(directory, EnumerateFolder);
        var files = listing.Files;
        var existing = LoadExisting(connection);
        Tombstones tombstones;
        using (var load = _dialect.AllTombstones(connection))
        {
            tombstones = Tombstones.Load(load);
        }

        _dialect.SetTotal(connection, runId, files.Count);

        // A removed article's slug stays reserved for it.
        var slugs = new HashSet<string>(existing.Values.Select(e => e.Slug).Concat(tombstones.Slugs), StringComparer.Ordinal);
        var counts = new Counts();
        var fileResults = new List<(string File, string Outcome, int? ArticleId, IReadOnlyList<Diagnostic> Diagnostics)>();
        foreach (var folder in listing.Unreadable)
        {
            counts.Unreadable.Add(new SkippedFile(folder.Path, "unreadable-folder", 0, folder.Message));
            fileResults.Add((folder.Path, "unreadable", null, [new Diagnostic(DiagnosticSeverity.Error, "unreadable-folder", 0, folder.Message)]));
            LogUnreadableFolder(folder.Path, directory, folder.Message);
        }

        if (prune && !options.AllowEmpty && files.Count == 0 && listing.Complete && existing.Values.Any(e => e.Origin == ArticleOrigins.Import))
        {
            const string message = "The folder holds no .txt files: a pruning import would remove every imported article. "
                + "Check the path and that its volume is mounted; to empty the store on purpose, prune with allowEmpty.";
            counts.Unreadable.Add(new SkippedFile(".", "empty-folder", 0, message));
            fileResults.Add((".", "unreadable", null, [new Diagnostic(DiagnosticSeverity.Error, "empty-folder", 0, message)]));
            LogEmptyFolder(directory);
        }

        foreach (var link in listing.SkippedLinks)
        {
            const string message = "A symbolic link to a folder is not followed; link the files, or move the folder in.";
            fileResults.Add((link + "/", "not-followed", null, [new Diagnostic(DiagnosticSeverity.Warning, "directory-symlink", 0, message)]));
        }

        // Read, hash and parse the next batch on the thread pool while this thread writes the current one.
        var batches = files.Chunk(BatchSize).ToList();
        var next = batches.Count > 0 ? StartPrepare(directory, batches[0], existing, cancellationToken) : null;
        var done = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var work = next!.GetAwaiter().GetResult();
            next = b + 1 < batches.Count ? StartPrepare(directory, batches[b + 1], existing, cancellationToken) : null;
            WriteBatch(connection, runId, work, existing, slugs, tombstones, counts, fileResults);
            done += work.Length;
            progress?.Report(new ImportProgress(done, files.Count));
        }

        // A file that is not listed is gone only when the listing is whole: an unreadable folder (permissions,
        // an unmounted volume, a folder that vanished mid-run) looks empty, and its articles must survive that.
        var present = new HashSet<string>(files, StringComparer.Ordinal);
        var gone = existing.Where(e => !present.Contains(e.Key)).ToList();
        var complete = counts.Unreadable.Count == 0;
        var prunable = prune && complete ? gone.Where(e => e.Value.Origin == ArticleOrigins.Import).ToList() : [];
        if (prunable.Count > 0)
        {
            var now = clock.GetUtcNow();
            using var tx = connection.BeginTransaction();
            using var writer = _dialect.CreateImportWriter(connection, tx);
            foreach (var (file, entry) in prunable)
            {
                writer.Remove(entry.Id, now, "pruned");
                fileResults.Add((file, "removed", entry.Id, []));
                LogRemoved(file);
            }

            writer.Flush();
            tx.Commit();
            notifier?.Changed();
            counts.Removed = prunable.Count;
        }

        var missing = gone.Count - prunable.Count;
        if (missing > 0)
        {
            LogKept(missing, prune && !complete ? "part of the folder could not be read" : prune ? "they were created through the API" : "the import did not prune");
        }

        // Always resolve, not only when this run changed something: a run killed between its last batch
        // and this step leaves links that only a later run can fix. Only rows whose target changes are written.
        if (_dialect.ResolveRelatedLinks(connection, null) > 0)
        {
            notifier?.Changed();
        }

        var summary = new ImportSummary(runId, files.Count, counts.Imported, counts.Updated, counts.Unchanged, counts.Removed,
            counts.Skipped, stopwatch.Elapsed, complete ? ImportStatus.Completed : ImportStatus.Incomplete, counts.Unreadable, missing);
        var rows = fileResults.OrderBy(r => r.File, StringComparer.Ordinal)
            .Select(r => new ImportFileRow(r.File, r.Outcome, r.ArticleId, DiagnosticsJson.Serialize(ArticleRows.ToEntities(r.Diagnostics))));
        _dialect.FinishRun(connection, summary, rows, clock.GetUtcNow().UtcTicks);
        LogFinished(summary.FilesSeen, summary.Imported, summary.Updated, summary.Unchanged, summary.Removed, summary.Skipped.Count, summary.Elapsed.TotalMilliseconds);
        return summary;
    }

    private sealed class Counts
    {
        public int Imported;
        public int Updated;
        public int Unchanged;
        public int Removed;
        public List<SkippedFile> Skipped { get; } = [];

        /// <summary>Folders and files that could not be read: while there is one, nothing is removed.</summary>
        public List<SkippedFile> Unreadable { get; } = [];
    }

    // ImportedSha256: the hash of the bytes last imported from the file (null: never imported from it), which is what
    // decides whether the file changed; an API write changes the article, not this. HasSource: the store keeps the
    // article's source text (stores from before it did lack it, and get it at the next import).
    private sealed record Existing(int Id, string? ImportedSha256, string Slug, long Size, DateTime ModifiedUtc, string Origin, bool HasSource = true);

    /// <summary>A file of a batch: unchanged (Result null; Touched when only its time changed), parsed, or unreadable.</summary>
    private sealed record FileWork(string File, string Sha256, long Size, DateTime ModifiedUtc, ParseResult? Result, SkippedFile? Unreadable,
        bool Touched = false, byte[]? Bytes = null);

    private static Task<FileWork[]> StartPrepare(string directory, string[] batch, Dictionary<string, Existing> existing, CancellationToken ct)
    {
        // The writer updates `existing` while this batch is prepared, so the batch gets its own copy of what it needs.
        var known = batch.Select(f => existing.GetValueOrDefault(f)).ToArray();
        return Task.Run(() => Prepare(directory, batch, known), ct);
    }

    private static FileWork[] Prepare(string directory, string[] batch, Existing?[] known)
    {
        var work = new FileWork[batch.Length];
        // At most one worker per core: unbounded, Parallel.For keeps asking the pool for more threads while the requests
        // served meanwhile wait for one.
        Parallel.For(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var file = batch[i];
            byte[] bytes;
            long length;
            DateTime modified;
            try
            {
                var info = new FileInfo(Path.Combine(directory, file));
                length = info.Length;
                modified = info.LastWriteTimeUtc;

                // Same size and last-write time as when imported: unchanged without reading it, like git's index.
                if (known[i] is { ImportedSha256: { } imported, HasSource: true } k && k.Size == length && k.ModifiedUtc == modified)
                {
                    work[i] = new FileWork(file, imported, length, modified, null, null);
                    return;
                }

                if (length > MaxFileBytes)
                {
                    work[i] = new FileWork(file, string.Empty, length, modified, null,
                        new SkippedFile(file, "file-too-large", 0, $"The file is {length:N0} bytes; the limit is {MaxFileBytes:N0}."));
                    return;
                }

                bytes = File.ReadAllBytes(info.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                work[i] = new FileWork(file, string.Empty, 0, default, null, new SkippedFile(file, "unreadable", 0, $"The file could not be read: {e.Message}"));
                return;
            }

            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            // Compared with what was last imported from this file, not with the article's content: an API edit since
            // then is newer than an unchanged file, and a changed file is newer than the API edit.
            work[i] = known[i]?.ImportedSha256 == sha
                ? new FileWork(file, sha, length, modified, null, null, Touched: true, Bytes: bytes)
                : new FileWork(file, sha, length, modified, ArticleParser.Parse(bytes, file), null, Bytes: bytes);
        });
        return work;
    }

    private void WriteBatch(DbConnection connection, int runId, FileWork[] work, Dictionary<string, Existing> existing, HashSet<string> slugs,
        Tombstones tombstones, Counts counts, List<(string, string, int?, IReadOnlyList<Diagnostic>)> fileResults)
    {
        var now = clock.GetUtcNow();
        var changedBefore = counts.Imported + counts.Updated;
        using var tx = connection.BeginTransaction();
        using var writer = _dialect.CreateImportWriter(connection, tx);
        var added = new List<(string File, Existing Entry)>();
        foreach (var item in work)
        {
            if (item.Unreadable is { } unreadable)
            {
                counts.Skipped.Add(unreadable);
                if (unreadable.Code == "unreadable")
                {
                    counts.Unreadable.Add(unreadable);
                }

                fileResults.Add((item.File, "skipped", null, [new Diagnostic(DiagnosticSeverity.Error, unreadable.Code, 0, unreadable.Message)]));
                LogSkipped(item.File, unreadable.Line, unreadable.Code, unreadable.Message);
                continue;
            }

            if (item.Result is not { } result)
            {
                if (item.Touched && existing.TryGetValue(item.File, out var touched))
                {
                    writer.Touch(touched.Id, item.ModifiedUtc);
                    if (!touched.HasSource)
                    {
                        writer.StoreSource(touched.Id, item.Bytes!);
                    }

                    added.Add((item.File, touched with { Size = item.Size, ModifiedUtc = item.ModifiedUtc, HasSource = true }));
                }

                counts.Unchanged++;
                continue;
            }

            if (!existing.ContainsKey(item.File) && tombstones.DeletedSince(item.File, item.Sha256))
            {
                counts.Unchanged++;
                continue;
            }

            if (result.Article is not { } article)
            {
                // A file that turned bad keeps its last good article: nothing good is lost.
                var error = result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)
                    ?? new Diagnostic(DiagnosticSeverity.Error, "unparseable", 0, "The file did not produce an article.");
                counts.Skipped.Add(new SkippedFile(item.File, error.Code, error.Line, error.Message));
                fileResults.Add((item.File, "skipped", existing.GetValueOrDefault(item.File)?.Id, result.Diagnostics));
                LogSkipped(item.File, error.Line, error.Code, error.Message);
                continue;
            }

            if (ArticleLimits.Check(article) is { } limit)
            {
                counts.Skipped.Add(new SkippedFile(item.File, limit.Code, limit.Line, limit.Message));
                fileResults.Add((item.File, "skipped", existing.GetValueOrDefault(item.File)?.Id, [.. result.Diagnostics, limit]));
                LogSkipped(item.File, limit.Line, limit.Code, limit.Message);
                continue;
            }

            if (existing.TryGetValue(item.File, out var known))
            {
                writer.Replace(known.Id, result, article, item.Bytes!, item.File, item.ModifiedUtc, now, fromFile: true);
                added.Add((item.File, known with { ImportedSha256 = item.Sha256, Size = item.Size, ModifiedUtc = item.ModifiedUtc, HasSource = true }));
                counts.Updated++;
                if (result.Diagnostics.Count > 0)
                {
                    fileResults.Add((item.File, "updated", known.Id, result.Diagnostics));
                }
            }
            else if (tombstones.Take(item.File, Slugs.FromHeadline(article.Headline)) is { } tombstone)
            {
                writer.Restore(tombstone, result, article, item.Bytes!, item.File, item.ModifiedUtc, now);
                added.Add((item.File, new Existing(tombstone.ArticleId, item.Sha256, tombstone.Slug, item.Size, item.ModifiedUtc, ArticleOrigins.Import)));
                counts.Imported++;
                fileResults.Add((item.File, "restored", tombstone.ArticleId, result.Diagnostics));
                LogRestored(item.File, tombstone.ArticleId, tombstone.Slug);
            }
            else
            {
                var slug = Slugs.Unique(article.Headline, slugs);
                var id = writer.Insert(result, article, item.Bytes!, item.File, item.ModifiedUtc, slug, now);
                added.Add((item.File, new Existing(id, item.Sha256, slug, item.Size, item.ModifiedUtc, ArticleOrigins.Import)));
                counts.Imported++;
                if (result.Diagnostics.Count > 0)
                {
                    fileResults.Add((item.File, "imported", id, result.Diagnostics));
                }
            }
        }

        writer.Flush();

        // The run's counts move with the batch, in its transaction: GET /imports/{id} shows what is committed.
        _dialect.UpdateRunCounts(connection, tx, runId, counts.Imported, counts.Updated, counts.Unchanged, counts.Skipped.Count);

        tx.Commit();
        if (counts.Imported + counts.Updated > changedBefore)
        {
            notifier?.Changed();
        }

        foreach (var (file, entry) in added)
        {
            existing[file] = entry;
        }
    }

    private Dictionary<string, Existing> LoadExisting(DbConnection connection)
    {
        var map = new Dictionary<string, Existing>(StringComparer.Ordinal);
        using var command = _dialect.ExistingArticles(connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            map[reader.GetString(1)] = new Existing(reader.GetInt32(0), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), new DateTime(reader.GetInt64(5), DateTimeKind.Utc), reader.GetString(6), reader.GetBoolean(7));
        }

        return map;
    }

    private async Task EndRunAsync(int runId, string status)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            _dialect.EndRun(connection, runId, status, clock.GetUtcNow().UtcTicks);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {File} (line {Line}): {Code}: {Reason}")]
    private partial void LogSkipped(string file, int line, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The source folder {Directory} holds no files; the pruning import removes nothing (prune with allowEmpty to empty the store)")]
    private partial void LogEmptyFolder(string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed article of vanished file {File}")]
    private partial void LogRemoved(string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored article {Id} ({Slug}) from {File}")]
    private partial void LogRestored(string file, int id, string slug);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read {Folder} in the source folder {Directory}; the import is incomplete and removes nothing: {Reason}")]
    private partial void LogUnreadableFolder(string folder, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kept {Count} articles whose files were not found: {Why}")]
    private partial void LogKept(int count, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import finished: {Seen} files, {Imported} imported, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Skipped} skipped in {ElapsedMs:F0} ms")]
    private partial void LogFinished(int seen, int imported, int updated, int unchanged, int removed, int skipped, double elapsedMs);
}
