using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Data.Import;
using NewsApi.Data.Postgres;
using NewsApi.Data.Renditions;
using NewsApi.Hosting;
using NewsApi.Store;
using Npgsql;

namespace NewsApi.Caching;

/// <summary>
/// Keeps an article's response body rendered in the store (<see cref="RenditionStore"/> owns the table's SQL on SQLite,
/// <see cref="PostgresRenditions"/> on PostgreSQL), so a read by id or slug costs one indexed row instead of four
/// queries and a serialisation. The store deletes a rendition in the same transaction as any change that would make it
/// stale; <see cref="RenditionBuilder"/> renders the missing ones.
/// </summary>
public sealed class ArticleRenditions(IServiceScopeFactory scopes, ArticleRepresentation representation) : IDisposable
{
    private string? _connectionString;
    private bool _postgres;
    private ObjectPool<RenditionStore.Reader>? _readers;

    public void Dispose() => (Interlocked.Exchange(ref _readers, null) as IDisposable)?.Dispose();

    /// <summary>The rendition of the article with this id (or slug, when <paramref name="id"/> is null); null when there is none yet.</summary>
    /// <remarks>
    /// Runs on every article read. SQLite: open connections with prepared statements, reused (its reads are
    /// synchronous and in process). PostgreSQL: an asynchronous read of one row on a pooled connection, so no thread
    /// waits on the network.
    /// </remarks>
    public ValueTask<StoredRendition?> FindAsync(int? id, string? slug, CancellationToken ct)
    {
        var connectionString = ConnectionString();
        if (_postgres)
        {
            return new ValueTask<StoredRendition?>(FindOnServerAsync(id, slug, ct));
        }

        var readers = Volatile.Read(ref _readers);
        if (readers is null)
        {
            var created = new DefaultObjectPoolProvider().Create(new ReaderPolicy(connectionString));
            readers = Interlocked.CompareExchange(ref _readers, created, null) ?? created;
        }

        var reader = readers.Get();
        try
        {
            return ValueTask.FromResult(reader.Find(id, slug));
        }
        finally
        {
            readers.Return(reader);
        }
    }

    // A connection of the context's own pool, so renditions add nothing to a node's connection budget.
    private async Task<StoredRendition?> FindOnServerAsync(int? id, string? slug, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<NewsDbContext>().Database;
        await database.OpenConnectionAsync(ct);
        try
        {
            return await PostgresRenditions.FindAsync((NpgsqlConnection)database.GetDbConnection(), id, slug, ct);
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Renders up to <paramref name="max"/> articles that have no rendition, the lowest ids above
    /// <paramref name="after"/> first; returns the highest id looked at and how many were rendered, or null when
    /// there was none to render (or, on PostgreSQL, when another writer holds the lock: the next round tries again).
    /// </summary>
    /// <remarks>
    /// Reading and writing happen in one transaction that excludes every writer (SQLite: an immediate transaction,
    /// which holds the write lock; PostgreSQL: the writers' advisory lock, shared by every node): no import or write
    /// can change an article between its rendering and the storing of the result, so a stored rendition is never stale.
    /// Each batch first waits its turn among the process's writers, so an API write queued behind the builder gets the
    /// lock after one batch rather than after all of them, and no thread is held polling while an import runs.
    /// </remarks>
    public async Task<RenderedBatch?> RenderPendingAsync(int after, int max, CancellationToken ct)
    {
        using var writer = await ArticleImporter.EnterWriterAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        var details = scope.ServiceProvider.GetRequiredService<ArticleDetails>();
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        List<int> ids;
        Func<int, StoredRendition, CancellationToken, Task> store;
        if (connection is NpgsqlConnection npgsql)
        {
            var npgsqlTransaction = (NpgsqlTransaction)transaction;
            if (!await PostgresRenditions.TryLockWritersAsync(npgsql, npgsqlTransaction, ct))
            {
                return new RenderedBatch(after, 0, Busy: true);
            }

            ids = await PostgresRenditions.PendingAsync(npgsql, npgsqlTransaction, after, max, ct);
            store = (id, rendition, token) => PostgresRenditions.StoreAsync(npgsql, npgsqlTransaction, id, rendition, token);
        }
        else
        {
            ids = await RenditionStore.PendingAsync((SqliteConnection)connection, (SqliteTransaction)transaction, after, max, ct);
            store = RenditionStore.PrepareStore((SqliteConnection)connection, (SqliteTransaction)transaction);
        }

        if (ids.Count == 0)
        {
            return null;
        }

        var rendered = 0;
        foreach (var id in ids)
        {
            if (await details.LoadAsync(id, ct) is not { } article)
            {
                continue;
            }

            var body = representation.Render(article);
            await store(id, new StoredRendition(body.ETag, body.LastModified, body.Json), ct);
            rendered++;
        }

        await tx.CommitAsync(ct);
        return new RenderedBatch(ids[^1], rendered, Busy: false);
    }

    private sealed class ReaderPolicy(string connectionString) : PooledObjectPolicy<RenditionStore.Reader>
    {
        public override RenditionStore.Reader Create() => new(connectionString);

        public override bool Return(RenditionStore.Reader obj) => true;
    }

    private string ConnectionString()
    {
        if (_connectionString is null)
        {
            using var scope = scopes.CreateScope();
            var database = scope.ServiceProvider.GetRequiredService<NewsDbContext>().Database;
            _postgres = database.IsNpgsql();
            _connectionString = database.GetConnectionString()!;
        }

        return _connectionString;
    }
}

/// <summary>
/// A batch of <see cref="ArticleRenditions.RenderPendingAsync"/>: the highest id looked at and how many were rendered;
/// <paramref name="Busy"/> when another writer held the lock and nothing was looked at.
/// </summary>
public sealed record RenderedBatch(int Last, int Rendered, bool Busy);

/// <summary>
/// Keeps every article rendered: after start-up and after every change to the store, renders the articles that have
/// no rendition, in small batches so the write lock is never held for long.
/// </summary>
internal sealed partial class RenditionBuilder(
    ArticleRenditions renditions,
    ContentVersion version,
    StoreState state,
    IOptions<NewsApiOptions> options,
    ILogger<RenditionBuilder> logger) : BackgroundService
{
    private const int BatchSize = 64;
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.StoresRenditions)
        {
            return;
        }

        try
        {
            await RenderWhileRunningAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host only ignores a cancelled background service after StopAsync; when start-up fails (a port in
            // use) it is disposed without one, and would log this stop as a fatal error with a stack trace.
        }
    }

    private async Task RenderWhileRunningAsync(CancellationToken stoppingToken)
    {
        await state.StartupImportFinished.WaitAsync(stoppingToken);
        long? done = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = version.Current;
            if (seen != done)
            {
                try
                {
                    var total = 0;
                    var after = 0;
                    var busy = false;
                    while (await renditions.RenderPendingAsync(after, BatchSize, stoppingToken) is { } batch)
                    {
                        if (batch.Busy)
                        {
                            // Another node's import or write holds the lock: this version is not done, try again next round.
                            busy = true;
                            break;
                        }

                        after = batch.Last;
                        total += batch.Rendered;
                    }

                    if (total > 0)
                    {
                        LogRendered(total);
                    }

                    if (!busy)
                    {
                        done = seen;
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Renditions only speed reads up: a busy store or a failure must not stop the host, and requests
                    // meanwhile are answered by MVC. The next round tries again.
                    LogRenderFailed(e);
                }
            }

            await Task.Delay(Idle, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered {Count} articles for fast reads")]
    private partial void LogRendered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rendering articles failed; retrying")]
    private partial void LogRenderFailed(Exception e);
}

/// <summary>
/// Answers <c>GET /api/v1/articles/{idOrSlug}</c> (and HEAD) from the article's rendition when there is one, with the
/// headers <see cref="ConditionalGetMiddleware"/> would add (Cache-Control, ETag, Content-Length, 304 for a matching
/// <c>If-None-Match</c> or <c>If-Modified-Since</c>), and leaves everything else to the output cache and MVC. CORS, rate limits, security headers,
/// compression and request logging have run before it.
/// </summary>
internal sealed class ArticleRenditionMiddleware(
    RequestDelegate next,
    ArticleRenditions renditions,
    IOptions<NewsApiOptions> options,
    IResponseCompressionProvider compression)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // A query string goes to MVC, which rejects unknown parameters; only the ignored cache buster is answered here.
        if (!IsArticleRead(context) || (context.Request.QueryString.HasValue && !OnlyCacheBuster(context.Request.Query))
            || AcceptNegotiation.StepsAside(context) || context.Request.RouteValues["idOrSlug"] is not string key)
        {
            await next(context);
            return;
        }

        // A non-canonical key (leading zeros, upper case) is MVC's to redirect.
        var article = ArticleKey.Parse(key);
        if (!article.IsCanonical || await renditions.FindAsync(article.Id, article.Slug, context.RequestAborted) is not { } rendition)
        {
            await next(context);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.ETag = rendition.ETag;
        response.Headers.LastModified = rendition.LastModified;
        response.Headers.CacheControl = ConditionalGetMiddleware.CacheControl(options.Value);
        if (ConditionalGetMiddleware.NotModified(context, rendition.ETag, rendition.LastModified))
        {
            return;
        }

        if (!ConditionalGetMiddleware.WillCompress(compression, context))
        {
            response.ContentLength = rendition.Json.Length;
        }

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(rendition.Json, context.RequestAborted);
        }
    }

    private static bool OnlyCacheBuster(IQueryCollection query) =>
        query.Count == 1 && query.ContainsKey(RejectUnknownQueryParametersFilter.CacheBuster);

    /// <summary>Whether routing chose <see cref="ArticlesController.GetArticle"/> (GET or HEAD).</summary>
    public static bool IsArticleRead(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action
        && action.ControllerTypeInfo == typeof(ArticlesController)
        && action.ActionName == nameof(ArticlesController.GetArticle);
}
