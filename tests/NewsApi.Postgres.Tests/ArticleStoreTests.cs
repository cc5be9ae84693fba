using System.Text;
using Microsoft.EntityFrameworkCore;
using NewsApi.Data.Import;

namespace NewsApi.Postgres.Tests;

/// <summary>The API's writes (create, replace, delete) on PostgreSQL, with SQLite as the reference.</summary>
public sealed class ArticleStoreTests
{
    [Fact]
    public async Task Create_replace_and_delete_leave_the_same_store_as_on_SQLite()
    {
        await using var sqlite = await WriteStore.SqliteAsync();
        await using var postgres = await WriteStore.PostgresAsync();
        foreach (var store in new[] { sqlite, postgres })
        {
            using var source = new SourceDir();
            source.Write("a.txt", SourceDir.Article("Harbour reopens after storm", "Ferry timetable changes"));
            source.Write("b.txt", SourceDir.Article("Council votes on bridge"));
            await store.ImportAsync(source.Path);

            await using var db = store.CreateContext();
            var articles = new ArticleStore(db, TimeProvider.System);
            var created = await articles.CreateAsync(Bytes(SourceDir.Article("Ferry timetable changes", "Council votes on bridge")), default);
            Assert.Equal((ArticleWriteStatus.Done, 3), (created.Status, created.ArticleId));

            var replaced = await articles.ReplaceAsync(2, Bytes(SourceDir.Article("Council votes on bridge again", "Harbour reopens after storm")), null, default);
            Assert.Equal(ArticleWriteStatus.Done, replaced.Status);

            var deleted = await articles.DeleteAsync(1, null, default);
            Assert.Equal(ArticleWriteStatus.Done, deleted.Status);
            Assert.Equal(ArticleWriteStatus.Gone, (await articles.DeleteAsync(1, null, default)).Status);
            Assert.Equal(ArticleWriteStatus.NotFound, (await articles.ReplaceAsync(99, Bytes(SourceDir.Article("Nothing")), null, default)).Status);

            // A new article takes an id above the removed one's; the removed headline's slug brings it back.
            var next = await articles.CreateAsync(Bytes(SourceDir.Article("Weather warning for the coast")), default);
            Assert.Equal(4, next.ArticleId);
            var restored = await articles.CreateAsync(Bytes(SourceDir.Article("Harbour reopens after storm")), default);
            Assert.Equal(1, restored.ArticleId);
            await articles.DeleteAsync(4, null, default);
        }

        var dump = await postgres.DumpAsync();
        Assert.Equal(await sqlite.DumpAsync(), dump);
        Assert.Contains("4|weather-warning-for-the-coast|weather-warning-for-the-coast.txt|deleted|", dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_replaces_with_the_same_precondition_give_exactly_one_success()
    {
        await using var store = await WriteStore.PostgresAsync();
        using var source = new SourceDir();
        source.Write("a.txt", SourceDir.Article("Harbour reopens after storm"));
        await store.ImportAsync(source.Path);
        string original;
        await using (var db = store.CreateContext())
        {
            original = await db.Articles.Select(a => a.Sha256).SingleAsync();
        }

        // Eight writers that all saw the original (If-Match on its hash), each with its own in-process lock as eight
        // nodes have: only the database's lock orders them, and each must see the winner's commit.
        const int writers = 8;
        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(async i =>
        {
            await using var db = store.CreateContext();
            var articles = new ArticleStore(db, TimeProvider.System) { ProcessGate = new SemaphoreSlim(1, 1) };
            return await articles.ReplaceAsync(1, Bytes(SourceDir.Article($"Harbour reopens after storm, version {i}")), async (id, ct) =>
            {
                var holds = await db.Articles.Where(a => a.Id == id).Select(a => a.Sha256).SingleAsync(ct) == original;

                // Widens the window between check and write, so writers that were not kept apart would all pass the
                // check before any commits; kept apart, each waits its turn and sees the previous winner's commit.
                await Task.Delay(200, ct);
                return holds;
            }, default);
        }));

        Assert.Equal(1, results.Count(r => r.Status == ArticleWriteStatus.Done));
        Assert.Equal(writers - 1, results.Count(r => r.Status == ArticleWriteStatus.PreconditionFailed));
        var winner = results.Single(r => r.Status == ArticleWriteStatus.Done).Parse!.Article!.Headline;
        await using (var db = store.CreateContext())
        {
            Assert.Equal(winner, await db.Articles.Select(a => a.Title).SingleAsync());
        }
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
