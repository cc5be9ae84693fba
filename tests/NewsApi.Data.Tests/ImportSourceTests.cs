using Microsoft.EntityFrameworkCore;
using NewsApi.Data.Import;

namespace NewsApi.Data.Tests;

/// <summary>The store is the system of record and the folder an import source: what an import may and may not remove.</summary>
public sealed class ImportSourceTests : IDisposable
{
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private async Task<List<(int Id, string Slug, string File)>> ArticlesAsync()
    {
        await using var db = _store.CreateContext();
        return (await db.Articles.OrderBy(a => a.Id).Select(a => new { a.Id, a.Slug, a.SourceFileName }).ToListAsync())
            .Select(a => (a.Id, a.Slug, a.SourceFileName)).ToList();
    }

    [Fact]
    public async Task An_import_keeps_articles_whose_files_are_gone_and_only_a_pruning_import_removes_them()
    {
        _store.Write("a.txt", Articles.Make("First headline here"));
        _store.Write("b.txt", Articles.Make("Second headline here"));
        await _store.ImportAsync();
        var before = await ArticlesAsync();

        _store.Delete("b.txt");
        var kept = await _store.ImportAsync();
        var afterKept = await ArticlesAsync();
        var pruned = await _store.ImportAsync(prune: true);

        Assert.Equal((ImportStatus.Completed, 0, 1), (kept.Status, kept.Removed, kept.Missing));
        Assert.Equal(before, afterKept);
        Assert.Equal((ImportStatus.Completed, 1, 0), (pruned.Status, pruned.Removed, pruned.Missing));
        Assert.Equal([before[0]], await ArticlesAsync());
    }

    [Fact]
    public async Task An_empty_folder_as_an_unmounted_volume_leaves_it_removes_nothing_without_prune()
    {
        for (var i = 0; i < 5; i++)
        {
            _store.Write($"{i}.txt", Articles.Make($"Headline number {i}"));
        }

        await _store.ImportAsync();
        var before = _store.Dump();
        foreach (var file in Directory.GetFiles(_store.Source))
        {
            File.Delete(file);
        }

        var summary = await _store.ImportAsync();

        Assert.Equal((0, 0, 5), (summary.FilesSeen, summary.Removed, summary.Missing));
        Assert.Equal(before, _store.Dump());
    }

    [Fact]
    public async Task A_pruning_import_of_an_emptied_folder_removes_nothing_unless_empty_is_allowed()
    {
        _store.Write("a.txt", Articles.Make("First headline here"));
        _store.Write("b.txt", Articles.Make("Second headline here"));
        await _store.ImportAsync();
        var before = _store.Dump();
        _store.Delete("a.txt");
        _store.Delete("b.txt");

        var refused = await _store.ImportAsync(prune: true);

        Assert.Equal((ImportStatus.Incomplete, 0, 2), (refused.Status, refused.Removed, refused.Missing));
        Assert.Equal(before, _store.Dump());

        var allowed = await _store.ImportAsync(prune: true, allowEmpty: true);

        Assert.Equal((ImportStatus.Completed, 2, 0), (allowed.Status, allowed.Removed, allowed.Missing));
    }

    [Fact]
    public async Task A_missing_source_folder_removes_nothing_even_with_prune_and_the_run_is_incomplete()
    {
        _store.Write("a.txt", Articles.Make("First headline here"));
        _store.Write("b.txt", Articles.Make("Second headline here"));
        await _store.ImportAsync();
        var before = _store.Dump();
        Directory.Delete(_store.Source, recursive: true);

        var summary = await _store.ImportAsync(prune: true);

        Assert.Equal((ImportStatus.Incomplete, 0, 2), (summary.Status, summary.Removed, summary.Missing));
        Assert.Equal(".", Assert.Single(summary.Unreadable!).FileName);
        Assert.Equal(before, _store.Dump());
        await using var db = _store.CreateContext();
        var run = await db.ImportRuns.Include(r => r.Files).OrderBy(r => r.Id).LastAsync();
        Assert.Equal((ImportStatus.Incomplete, 0, 2), (run.Status, run.Removed, run.Missing));
        var unreadable = Assert.Single(run.Files, f => f.Outcome == "unreadable");
        Assert.Equal(".", unreadable.FileName);
        Assert.Contains("does not exist", Assert.Single(unreadable.Diagnostics).Message, StringComparison.Ordinal);
    }

    /// <remarks>
    /// The fault is injected at the importer's folder-listing seam rather than made with <c>chmod 000</c>: the tests
    /// run as root, whom no permission bit stops, and a child process under another user would need its own copy of
    /// the test binaries and a store it may write. The seam throws what .NET throws for an ordinary user here.
    /// </remarks>
    [Fact]
    public async Task An_unreadable_subfolder_removes_nothing_even_with_prune_and_is_reported()
    {
        Directory.CreateDirectory(Path.Combine(_store.Source, "wire"));
        Directory.CreateDirectory(Path.Combine(_store.Source, "sport"));
        _store.Write("wire/a.txt", Articles.Make("Wire headline here"));
        _store.Write("sport/b.txt", Articles.Make("Sport headline here"));
        _store.Write("c.txt", Articles.Make("Top level headline"));
        await _store.ImportAsync();
        _store.Delete("c.txt"); // gone for real, yet kept while the listing is incomplete
        var before = _store.Dump();

        var summary = await _store.ImportAsync(prune: true, enumerateFolder: d => d.Name == "wire"
            ? throw new UnauthorizedAccessException($"Access to the path '{d.FullName}' is denied.")
            : d.EnumerateFileSystemInfos());

        Assert.Equal((ImportStatus.Incomplete, 0, 2), (summary.Status, summary.Removed, summary.Missing));
        var unreadable = Assert.Single(summary.Unreadable!);
        Assert.Equal("wire/", unreadable.FileName);
        Assert.Contains("denied", unreadable.Message, StringComparison.Ordinal);
        Assert.Equal(before, _store.Dump());

        // Once the folder reads again, the same pruning import removes only what is really gone.
        var whole = await _store.ImportAsync(prune: true);
        Assert.Equal((ImportStatus.Completed, 1), (whole.Status, whole.Removed));
        Assert.Equal(["sport/b.txt", "wire/a.txt"], (await ArticlesAsync()).Select(a => a.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_directory_symlink_loop_is_not_followed()
    {
        Directory.CreateDirectory(Path.Combine(_store.Source, "sub"));
        for (var i = 0; i < 4; i++)
        {
            _store.Write($"{i}.txt", Articles.Make($"Headline number {i}"));
        }

        _store.Write("sub/4.txt", Articles.Make("Headline number 4"));
        Directory.CreateSymbolicLink(Path.Combine(_store.Source, "sub", "loop"), "..");

        var summary = await _store.ImportAsync();

        Assert.Equal((5, 5, ImportStatus.Completed), (summary.FilesSeen, summary.Imported, summary.Status));
        Assert.Equal(5, (await ArticlesAsync()).Count);
        await using var db = _store.CreateContext();
        var notFollowed = await db.ImportFileResults.Where(f => f.Outcome == "not-followed").Select(f => f.FileName).ToListAsync();
        Assert.Equal(["sub/loop/"], notFollowed);
    }

    [Fact]
    public async Task A_pruned_article_comes_back_under_its_old_id_and_slug_by_file_name_or_by_slug()
    {
        _store.Write("a.txt", Articles.Make("First headline here"));
        _store.Write("b.txt", Articles.Make("Second headline here"));
        _store.Write("c.txt", Articles.Make("Third headline here"));
        await _store.ImportAsync();
        var before = await ArticlesAsync();

        _store.Delete("a.txt");
        _store.Delete("b.txt");
        await _store.ImportAsync(prune: true);
        await using (var db = _store.CreateContext())
        {
            Assert.Equal([(1, "first-headline-here", "pruned"), (2, "second-headline-here", "pruned")],
                (await db.ArticleTombstones.OrderBy(t => t.ArticleId).ToListAsync()).Select(t => (t.ArticleId, t.Slug, t.Reason)));
        }

        // a.txt returns under its own name with a new headline; b's headline returns under another file name.
        _store.Write("a.txt", Articles.Make("First headline, rewritten"));
        _store.Write("z-b.txt", Articles.Make("Second headline here"));
        var restored = await _store.ImportAsync();
        _store.Write("d.txt", Articles.Make("Fourth headline here"));
        await _store.ImportAsync();

        var after = await ArticlesAsync();
        Assert.Equal(2, restored.Imported);
        Assert.Equal([(1, "first-headline-here", "a.txt"), (2, "second-headline-here", "z-b.txt"), before[2]], after.Take(3));
        Assert.Equal((4, "fourth-headline-here"), (after[3].Id, after[3].Slug));
        await using var check = _store.CreateContext();
        Assert.Empty(await check.ArticleTombstones.ToListAsync());
    }

    [Fact]
    public async Task A_removed_articles_id_and_slug_are_never_given_to_another_article()
    {
        _store.Write("a.txt", Articles.Make("Same headline"));
        _store.Write("b.txt", Articles.Make("Same headline"));
        await _store.ImportAsync();
        _store.Delete("b.txt");
        await _store.ImportAsync(prune: true);

        // Same headline as the live article, so its slug would be the removed one's "-2" were that free.
        _store.Write("c.txt", Articles.Make("Same headline"));
        await _store.ImportAsync();

        Assert.Equal([(1, "same-headline", "a.txt"), (3, "same-headline-3", "c.txt")], await ArticlesAsync());
    }

    [Fact]
    public async Task Articles_created_through_the_api_are_never_pruned_and_a_delete_leaves_a_tombstone()
    {
        _store.Write("a.txt", Articles.Make("Imported headline here"));
        await _store.ImportAsync();
        int created;
        await using (var db = _store.CreateContext())
        {
            var store = new ArticleStore(db, TimeProvider.System);
            var written = await store.CreateAsync(System.Text.Encoding.UTF8.GetBytes(Articles.Make("Harbour storm headline here")), default);
            Assert.True(written.Succeeded, written.Rejection?.Message);
            created = written.ArticleId!.Value;
        }

        foreach (var file in Directory.GetFiles(_store.Source))
        {
            File.Delete(file);
        }

        var summary = await _store.ImportAsync(prune: true, allowEmpty: true);

        Assert.Equal((1, 1), (summary.Removed, summary.Missing));
        Assert.Equal([(created, "harbour-storm-headline-here", "harbour-storm-headline-here.txt")], await ArticlesAsync());
        await using (var db = _store.CreateContext())
        {
            Assert.True((await new ArticleStore(db, TimeProvider.System).DeleteAsync(created, null, default)).Succeeded);
            Assert.Equal(["deleted", "pruned"], await db.ArticleTombstones.OrderBy(t => t.Reason).Select(t => t.Reason).ToListAsync());
        }

        Assert.Empty(await ArticlesAsync());
    }
}
