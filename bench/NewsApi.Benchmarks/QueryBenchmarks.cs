using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using NewsApi.Articles;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Hosting;
using NewsApi.Paging;

namespace NewsApi.Benchmarks;

/// <summary>
/// The API's hot read paths without HTTP: the same query classes the controllers call, over a SQLite store of
/// generated articles imported with the real importer. Each operation opens a new <see cref="NewsDbContext"/>,
/// as each request gets its own scope (connections come from Microsoft.Data.Sqlite's pool, as in the app).
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project bench/NewsApi.Benchmarks -- --filter "*QueryBenchmarks*"</c>
/// (add <c>--job short</c> for a quick look). Store size: <c>BENCH_QUERY_COUNT</c> (default 10,000 articles).
/// </remarks>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private const ulong Seed = 42;
    private const string SearchText = "police hospital";

    private DbContextOptions<NewsDbContext> options = null!;
    private JsonSerializerOptions json = null!;
    private int[] ids = [];
    private int next;
    private int deepPage;
    private string deepCursor = string.Empty;
    private ArticleResponse sample = null!;

    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("BENCH_QUERY_COUNT"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000;

    [GlobalSetup]
    public void Setup()
    {
        options = BenchmarkStore.Options(BenchmarkStore.ImportedStore(Count, Seed));
        json = new JsonSerializerOptions();
        ApiSetup.ConfigureJson(json);

        // Ids in a fixed random order, so the article benchmarks touch the whole store rather than one hot page.
        var random = new Random(8080);
        ids = [.. Enumerable.Range(0, 4096).Select(_ => random.Next(1, Count + 1))];
        deepPage = Count * 9 / 10 / 20;
        deepCursor = Pager.EncodeCursor(ArticleQueries.CursorScopeOf(new ArticleListQuery()), string.Empty, Count * 9 / 10);

        using var db = new NewsDbContext(options);
        sample = new ArticleDetails(db).LoadAsync(ids[0], default).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"Article {ids[0]} is not in the store.");
    }

    private int NextId() => ids[next++ & (ids.Length - 1)];

    /// <summary>What <c>GET /api/v1/articles/{id}</c> does with the store: find the id, then load the article whole.</summary>
    [Benchmark]
    public async Task<ArticleResponse?> GetArticle()
    {
        await using var db = new NewsDbContext(options);
        var details = new ArticleDetails(db);
        var id = (await details.ResolveAsync(ArticleKey.Parse(NextId().ToString(CultureInfo.InvariantCulture)), default))?.Id;
        return id is null ? null : await details.LoadAsync(id.Value, default);
    }

    /// <summary><see cref="ArticleDetails.LoadAsync"/> alone (four queries), to show what the id lookup adds.</summary>
    [Benchmark]
    public async Task<ArticleResponse?> LoadArticle()
    {
        await using var db = new NewsDbContext(options);
        return await new ArticleDetails(db).LoadAsync(NextId(), default);
    }

    /// <summary>The article's JSON with the app's serializer options (MVC writes the same to the response).</summary>
    [Benchmark]
    public byte[] SerializeArticle() => JsonSerializer.SerializeToUtf8Bytes(sample, json);

    /// <summary><c>GET /api/v1/articles?page=1&amp;pageSize=20</c>.</summary>
    [Benchmark]
    public async Task<int> FirstListPage()
    {
        await using var db = new NewsDbContext(options);
        return (await new ArticleQueries(db).ListAsync(new ArticleListQuery { Page = 1, PageSize = 20 }, default)).Items.Count;
    }

    /// <summary><c>GET /api/v1/articles?pageSize=20&amp;after=…</c> with the cursor of item 90% of the way in.</summary>
    [Benchmark]
    public async Task<int> DeepCursorPage()
    {
        await using var db = new NewsDbContext(options);
        return (await new ArticleQueries(db).ListAsync(new ArticleListQuery { After = deepCursor, PageSize = 20 }, default)).Items.Count;
    }

    /// <summary><c>GET /api/v1/articles?page=N&amp;pageSize=20</c> at 90% of the way in (OFFSET paging).</summary>
    [Benchmark]
    public async Task<int> DeepOffsetPage()
    {
        await using var db = new NewsDbContext(options);
        return (await new ArticleQueries(db).ListAsync(new ArticleListQuery { Page = deepPage, PageSize = 20 }, default)).Items.Count;
    }

    /// <summary>The total every list page computes (<c>SELECT COUNT(*)</c> over the articles).</summary>
    [Benchmark]
    public async Task<int> CountArticles()
    {
        await using var db = new NewsDbContext(options);
        return await db.Articles.AsNoTracking().CountAsync();
    }

    /// <summary><c>GET /api/v1/articles?q=police%20hospital&amp;pageSize=20</c>: FTS5 match, bm25, highlights, summaries.</summary>
    [Benchmark]
    public async Task<int> Search()
    {
        await using var db = new NewsDbContext(options);
        return (await new ArticleQueries(db).ListAsync(new ArticleListQuery { Q = SearchText, PageSize = 20 }, default)).TotalItems;
    }
}
