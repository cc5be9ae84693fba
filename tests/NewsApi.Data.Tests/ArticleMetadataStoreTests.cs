using Microsoft.EntityFrameworkCore;

namespace NewsApi.Data.Tests;

/// <summary>Header metadata columns and FirstSeenAt: what an import writes and what survives updates and removals.</summary>
public sealed class ArticleMetadataStoreTests : IDisposable
{
    private const string WithMetadata =
        "Harbour ferry returns\nhttps://example.org/ferry\n\nBy Maren Oakley\n\n14:05 GMT, 14 March 2024\n\nRIVERTON (AP) — The ferry is back.\n\nA second paragraph.\n";

    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task An_import_stores_byline_published_time_dateline_and_source_url_and_the_summary_is_the_first_real_paragraph()
    {
        _store.Write("a.txt", WithMetadata);
        _store.Write("b.txt", Articles.Make("Plain headline here"));
        await _store.ImportAsync();

        await using var db = _store.CreateContext();
        var a = await db.Articles.AsNoTracking().SingleAsync(x => x.SourceFileName == "a.txt");
        var b = await db.Articles.AsNoTracking().SingleAsync(x => x.SourceFileName == "b.txt");
        Assert.Equal(("Maren Oakley", new DateTimeOffset(2024, 3, 14, 14, 5, 0, TimeSpan.Zero), "RIVERTON (AP)", "https://example.org/ferry"),
            (a.Byline, a.PublishedAt, a.Dateline, a.SourceUrl));
        Assert.Equal("The ferry is back.", a.Summary);
        Assert.Equal((null, null, null, null), (b.Byline, b.PublishedAt, b.Dateline, b.SourceUrl));
        Assert.Equal(a.ImportedAt, a.FirstSeenAt);

        // Sortable in SQL: the column holds UTC ticks, undated rows are NULL.
        Assert.Equal(["a.txt"], await db.Articles.Where(x => x.PublishedAt > new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)).Select(x => x.SourceFileName).ToListAsync());
    }

    [Fact]
    public async Task FirstSeenAt_is_kept_when_the_file_changes_and_when_a_pruned_article_comes_back()
    {
        _store.Write("a.txt", Articles.Make("First headline here", "Old body."));
        await _store.ImportAsync();
        var first = await FirstSeenAsync();
        await Task.Delay(20);

        _store.Write("a.txt", WithMetadata);
        await _store.ImportAsync();
        Assert.Equal(first, await FirstSeenAsync());
        await using (var db = _store.CreateContext())
        {
            var updated = await db.Articles.AsNoTracking().SingleAsync();
            Assert.True(updated.UpdatedAt > first, "the update moves UpdatedAt, not FirstSeenAt");
            Assert.Equal("Maren Oakley", updated.Byline);
        }

        _store.Delete("a.txt");
        await _store.ImportAsync(prune: true);
        await Task.Delay(20);
        _store.Write("a.txt", Articles.Make("First headline here", "Back again."));
        await _store.ImportAsync();
        Assert.Equal(first, await FirstSeenAsync());
        await using var check = _store.CreateContext();
        Assert.Null((await check.Articles.AsNoTracking().SingleAsync()).Byline);
    }

    private async Task<DateTimeOffset> FirstSeenAsync()
    {
        await using var db = _store.CreateContext();
        return (await db.Articles.AsNoTracking().SingleAsync()).FirstSeenAt;
    }
}
