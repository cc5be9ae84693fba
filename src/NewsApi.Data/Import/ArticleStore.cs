using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NewsApi.Data.Entities;
using NewsApi.Parsing;

namespace NewsApi.Data.Import;

/// <summary>How a write ended.</summary>
public enum ArticleWriteStatus
{
    /// <summary>Written and committed.</summary>
    Done,

    /// <summary>No article has the id.</summary>
    NotFound,

    /// <summary>The id belongs to a removed article (a tombstone).</summary>
    Gone,

    /// <summary>The caller's precondition (<c>If-Match</c>) did not hold; nothing was written.</summary>
    PreconditionFailed,

    /// <summary>The text is not an article; <see cref="ArticleWriteResult.Rejection"/> says why.</summary>
    Rejected,

    /// <summary>A retry of an idempotent create: nothing written, <see cref="ArticleWriteResult.Replay"/> is the first answer.</summary>
    Replayed,

    /// <summary>The Idempotency-Key was used (within 24 hours) for a different request; nothing written.</summary>
    KeyReused,
}

/// <summary>An idempotent create: the key's hash, the request's hash, and how to render the answer to keep.</summary>
public sealed record IdempotentCreate(string KeyHash, string RequestHash, Func<int, CancellationToken, Task<(string Location, byte[] Body)>> Render);

/// <summary>What a write did: the article's id, or why nothing was written.</summary>
public sealed record ArticleWriteResult(ArticleWriteStatus Status, int? ArticleId, ParseResult? Parse, Diagnostic? Rejection,
    IdempotencyRecord? Replay = null)
{
    public bool Succeeded => Status == ArticleWriteStatus.Done;
}

/// <summary>
/// Writes single articles on behalf of the API, to the store only (the system of record; the source folder is an
/// import source and is never written here). Each write, its precondition check, its source text, its tombstone and
/// the re-resolution of teasers commit in one transaction, taken under the importer's lock so writes and imports do
/// not interleave. Articles created here are marked as the API's, so a pruning import never removes them.
/// </summary>
public sealed class ArticleStore(NewsDbContext db, TimeProvider clock, IStoreChangeNotifier? notifier = null)
{
    private readonly StoreDialect _dialect = StoreDialect.For(db);

    /// <summary>This store's in-process lock (the importer's); tests give one its own to stand for another process.</summary>
    internal SemaphoreSlim ProcessGate { get; set; } = ArticleImporter.Gate;

    /// <summary>
    /// Checked inside the write's transaction, after the article is known to exist and before anything is written:
    /// false makes the write <see cref="ArticleWriteStatus.PreconditionFailed"/>. Queries it runs on the same
    /// <see cref="NewsDbContext"/> see the transaction's snapshot.
    /// </summary>
    public delegate Task<bool> Precondition(int id, CancellationToken ct);

    /// <summary>How long an Idempotency-Key is remembered.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Parses <paramref name="text"/> and, when it is an article, stores it as a new article. With
    /// <paramref name="idempotency"/>, a key seen before gets the first answer back (or KeyReused for another
    /// request), and the answer is kept in the same transaction as the article, so concurrent retries create one.
    /// </summary>
    public async Task<ArticleWriteResult> CreateAsync(byte[] text, CancellationToken ct, IdempotentCreate? idempotency = null)
    {
        var parsed = ArticleParser.Parse(text, "new.txt");
        if (Rejected(parsed) is { } rejected)
        {
            return rejected;
        }

        return await InTransactionAsync(async (connection, tx) =>
        {
            if (idempotency is not null)
            {
                var cutoff = clock.GetUtcNow() - IdempotencyWindow;
                var prior = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.KeyHash == idempotency.KeyHash && r.CreatedAt >= cutoff, ct);
                if (prior is not null)
                {
                    return prior.RequestHash == idempotency.RequestHash
                        ? new ArticleWriteResult(ArticleWriteStatus.Replayed, prior.ArticleId, null, null, prior)
                        : new ArticleWriteResult(ArticleWriteStatus.KeyReused, null, null, null);
                }
            }

            var created = await CreateInAsync(connection, tx, parsed, text, ct);
            if (idempotency is not null)
            {
                var now = clock.GetUtcNow();
                await db.IdempotencyRecords.Where(r => r.CreatedAt < now - IdempotencyWindow || r.KeyHash == idempotency.KeyHash).ExecuteDeleteAsync(ct);
                // The kept answer shows the teasers resolved, as the commit will leave them.
                _dialect.ResolveRelatedLinks(connection, tx);
                var (location, body) = await idempotency.Render(created.ArticleId!.Value, ct);
                var record = new IdempotencyRecord
                {
                    KeyHash = idempotency.KeyHash,
                    RequestHash = idempotency.RequestHash,
                    ArticleId = created.ArticleId!.Value,
                    Status = 201,
                    Location = location,
                    Body = body,
                    CreatedAt = now,
                };
                db.IdempotencyRecords.Add(record);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return created with { Replay = record };
            }

            return created;
        }, ct);
    }

    private async Task<ArticleWriteResult> CreateInAsync(DbConnection connection, DbTransaction tx, ParseResult parsed, byte[] text, CancellationToken ct)
    {
        {
            // A headline whose slug belongs to a removed article brings that article back under its old id and slug;
            // any other new article gets a slug no live or removed article has.
            var headlineSlug = Slugs.FromHeadline(parsed.Article!.Headline);
            var tombstone = await db.ArticleTombstones.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == headlineSlug, ct);
            var taken = await db.Articles.AsNoTracking().Select(a => a.Slug)
                .Concat(db.ArticleTombstones.AsNoTracking().Select(t => t.Slug)).ToListAsync(ct);
            var slug = tombstone?.Slug ?? Slugs.Unique(parsed.Article!.Headline, new HashSet<string>(taken, StringComparer.Ordinal));

            // The name the article's text gets on export; a file of that name in the source folder later counts as
            // this article's file (last write wins).
            var fileName = await UniqueFileNameAsync(slug, ct);
            var result = parsed with { Source = parsed.Source with { FileName = fileName } };
            var now = clock.GetUtcNow();
            using var writer = _dialect.CreateWriter(connection, tx);
            if (tombstone is null)
            {
                var id = writer.Insert(result, result.Article!, text, fileName, now.UtcDateTime, slug, now, ArticleOrigins.Api);
                return new ArticleWriteResult(ArticleWriteStatus.Done, id, result, null);
            }

            writer.Restore(tombstone, result, result.Article!, text, fileName, now.UtcDateTime, now, ArticleOrigins.Api);
            return new ArticleWriteResult(ArticleWriteStatus.Done, tombstone.ArticleId, result, null);
        }
    }

    /// <summary>Replaces article <paramref name="id"/>'s source and content, keeping its id and slug.</summary>
    public Task<ArticleWriteResult> ReplaceAsync(int id, byte[] text, Precondition? precondition, CancellationToken ct) =>
        InTransactionAsync(async (connection, tx) =>
        {
            if (await ExistingAsync(id, precondition, ct) is { } missing)
            {
                return missing;
            }

            var fileName = await db.Articles.AsNoTracking().Where(a => a.Id == id).Select(a => a.SourceFileName).FirstAsync(ct);
            var result = ArticleParser.Parse(text, fileName);
            if (Rejected(result) is { } rejected)
            {
                return rejected;
            }

            var now = clock.GetUtcNow();
            using var writer = _dialect.CreateWriter(connection, tx);
            writer.Replace(id, result, result.Article!, text, fileName, now.UtcDateTime, now, fromFile: false);
            return new ArticleWriteResult(ArticleWriteStatus.Done, id, result, null);
        }, ct);

    /// <summary>
    /// Deletes article <paramref name="id"/>, leaving a tombstone (its id and slug answer 410 and are never reused).
    /// </summary>
    public Task<ArticleWriteResult> DeleteAsync(int id, Precondition? precondition, CancellationToken ct) =>
        InTransactionAsync(async (connection, tx) =>
        {
            if (await ExistingAsync(id, precondition, ct) is { } missing)
            {
                return missing;
            }

            using var writer = _dialect.CreateWriter(connection, tx);
            writer.Remove(id, clock.GetUtcNow(), "deleted");
            return new ArticleWriteResult(ArticleWriteStatus.Done, id, null, null);
        }, ct);

    private async Task<ArticleWriteResult?> ExistingAsync(int id, Precondition? precondition, CancellationToken ct)
    {
        if (!await db.Articles.AsNoTracking().AnyAsync(a => a.Id == id, ct))
        {
            var gone = await db.ArticleTombstones.AsNoTracking().AnyAsync(t => t.ArticleId == id, ct);
            return new ArticleWriteResult(gone ? ArticleWriteStatus.Gone : ArticleWriteStatus.NotFound, id, null, null);
        }

        if (precondition is not null && !await precondition(id, ct))
        {
            return new ArticleWriteResult(ArticleWriteStatus.PreconditionFailed, id, null, null);
        }

        return null;
    }

    private static ArticleWriteResult? Rejected(ParseResult result)
    {
        if (result.Article is not { } article)
        {
            var error = result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)
                ?? new Diagnostic(DiagnosticSeverity.Error, "unparseable", 0, "The text did not produce an article.");
            return new ArticleWriteResult(ArticleWriteStatus.Rejected, null, result, error);
        }

        return ArticleLimits.Check(article) is { } limit ? new ArticleWriteResult(ArticleWriteStatus.Rejected, null, result, limit) : null;
    }

    /// <summary>
    /// Runs <paramref name="write"/> under the writers' lock in one immediate transaction (SQLite's write lock is held
    /// from the start; on PostgreSQL the transaction takes the writers' advisory lock first; either way what the write
    /// reads cannot change before it commits, even from another process), then re-resolves teasers in the same
    /// transaction and commits. Nothing is committed unless the write is Done.
    /// </summary>
    private async Task<ArticleWriteResult> InTransactionAsync(Func<DbConnection, DbTransaction, Task<ArticleWriteResult>> write, CancellationToken ct)
    {
        await ProcessGate.WaitAsync(ct);
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                var connection = db.Database.GetDbConnection();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var tx = transaction.GetDbTransaction();
                await _dialect.LockWriteAsync(connection, tx, ct);
                var result = await write(connection, tx);
                if (!result.Succeeded)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    return result;
                }

                _dialect.ResolveRelatedLinks(connection, tx);

                // Past this point the write happens whatever the caller does: a cancelled request must not leave
                // the client unsure whether a commit it could not see went through.
                await transaction.CommitAsync(CancellationToken.None);
                notifier?.Changed();
                return result;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            ProcessGate.Release();
        }
    }

    private async Task<string> UniqueFileNameAsync(string slug, CancellationToken ct)
    {
        var name = slug + ".txt";
        for (var n = 2; await db.Articles.AsNoTracking().AnyAsync(a => a.SourceFileName == name, ct); n++)
        {
            name = $"{slug}-{n}.txt";
        }

        return name;
    }
}
