using Microsoft.EntityFrameworkCore;

namespace NewsApi.Data.Tests;

public sealed class ImporterTests : IDisposable
{
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Migrations_create_every_table_and_leave_no_pending_model_changes()
    {
        await using var db = _store.CreateContext();

        var tables = await db.Database.SqlQuery<string>($"SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Contains("Articles", tables);
        Assert.Contains("BodyBlocks", tables);
        Assert.Contains("Images", tables);
        Assert.Contains("RelatedLinks", tables);
        Assert.Contains("ImportRuns", tables);
        Assert.Contains("ImportFileResults", tables);
        Assert.Contains("ArticleSearch", tables);
        Assert.Contains("ImageSearch", tables);
    }

    [Fact]
    public async Task Importing_twice_changes_nothing_the_second_time()
    {
        _store.Write("a.txt", Articles.Make("First headline here", "Body one.", "Second headline here"));
        _store.Write("b.txt", Articles.Make("Second headline here", "Body two."));

        var first = await _store.ImportAsync();
        var dump = _store.Dump();
        var second = await _store.ImportAsync();

        Assert.Equal((2, 0, 0), (first.Imported, first.Unchanged, first.Skipped.Count));
        Assert.Equal((0, 0, 2, 0), (second.Imported, second.Updated, second.Unchanged, second.Removed));
        Assert.False(second.Changed);
        Assert.Equal(dump, _store.Dump());
    }

    [Fact]
    public async Task Folders_larger_than_one_batch_reimport_as_unchanged_and_pick_up_a_single_change()
    {
        for (var i = 0; i < 700; i++)
        {
            _store.Write($"{i:0000}.txt", Articles.Make($"Headline number {i}"));
        }

        var first = await _store.ImportAsync();
        var second = await _store.ImportAsync();
        _store.Write("0600.txt", Articles.Make("Headline number 600, corrected"));
        var third = await _store.ImportAsync();

        Assert.Equal((700, 0), (first.Imported, first.Unchanged));
        Assert.Equal((0, 0, 700), (second.Imported, second.Updated, second.Unchanged));
        Assert.Equal((0, 1, 699), (third.Imported, third.Updated, third.Unchanged));
    }

    [Fact]
    public async Task A_touched_file_is_unchanged_and_an_edit_of_the_same_size_is_still_seen()
    {
        _store.Write("a.txt", Articles.Make("Original headline", "Body AAAA."));
        await _store.ImportAsync();
        var path = Path.Combine(_store.Source, "a.txt");

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(1));
        var touched = await _store.ImportAsync();
        var again = await _store.ImportAsync();
        _store.Write("a.txt", Articles.Make("Original headline", "Body BBBB."));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(2));
        var edited = await _store.ImportAsync();

        Assert.Equal((0, 1), (touched.Updated, touched.Unchanged));
        Assert.Equal((0, 1), (again.Updated, again.Unchanged));
        Assert.Equal((1, 0), (edited.Updated, edited.Unchanged));
        await using var db = _store.CreateContext();
        var article = await db.Articles.SingleAsync();
        Assert.Equal("Body BBBB.", article.Summary);
        Assert.Equal(File.GetLastWriteTimeUtc(path), article.SourceModifiedAt.UtcDateTime);
    }

    [Fact]
    public async Task The_same_folder_gives_the_same_ids_and_slugs_in_any_empty_store()
    {
        // Written in reverse so file-system order differs from name order.
        for (var i = 9; i >= 0; i--)
        {
            _store.Write($"{i:000}.txt", Articles.Make(i % 3 == 0 ? "Same headline" : $"Headline number {i}"));
        }

        using var other = new TempStore();
        foreach (var file in Directory.GetFiles(_store.Source).Reverse())
        {
            File.Copy(file, Path.Combine(other.Source, Path.GetFileName(file)));
        }

        await _store.ImportAsync();
        await other.ImportAsync();

        Assert.Equal(_store.Dump(), other.Dump());
        await using var db = _store.CreateContext();
        var slugs = await db.Articles.OrderBy(a => a.Id).Select(a => new { a.Id, a.Slug, a.SourceFileName }).ToListAsync();
        Assert.Equal(["000.txt", "001.txt", "002.txt"], slugs.Take(3).Select(s => s.SourceFileName));
        Assert.Equal("same-headline", slugs[0].Slug);
        Assert.Equal("same-headline-2", slugs[3].Slug);
        Assert.Equal("same-headline-3", slugs[6].Slug);
        Assert.Equal(Enumerable.Range(1, 10), slugs.Select(s => s.Id));
    }

    [Fact]
    public async Task A_changed_file_keeps_its_id_and_slug_and_a_vanished_file_is_removed_by_a_pruning_import()
    {
        _store.Write("a.txt", Articles.Make("Original headline", "Old body."));
        _store.Write("b.txt", Articles.Make("Other article"));
        await _store.ImportAsync();
        await using var before = _store.CreateContext();
        var original = await before.Articles.AsNoTracking().SingleAsync(a => a.SourceFileName == "a.txt");

        _store.Write("a.txt", Articles.Make("Rewritten headline", "New body with more words."));
        _store.Delete("b.txt");
        var summary = await _store.ImportAsync(prune: true);

        await using var after = _store.CreateContext();
        var changed = await after.Articles.AsNoTracking().SingleAsync();
        Assert.Equal((0, 1, 0, 1), (summary.Imported, summary.Updated, summary.Unchanged, summary.Removed));
        Assert.Equal(original.Id, changed.Id);
        Assert.Equal("original-headline", changed.Slug);
        Assert.Equal("Rewritten headline", changed.Title);
        Assert.Equal("New body with more words.", changed.Summary);
        Assert.NotEqual(original.Sha256, changed.Sha256);
        Assert.Equal(0, await after.BodyBlocks.CountAsync(b => b.ArticleId != changed.Id));
        Assert.Equal(2, await after.BodyBlocks.CountAsync(b => b.ArticleId == changed.Id));
    }

    [Fact]
    public async Task Related_links_resolve_across_files_and_follow_articles_that_come_and_go()
    {
        _store.Write("a.txt", Articles.Make("The teasing article", "Body.", "The named article’s headline", "An article that does not exist"));
        await _store.ImportAsync();
        Assert.Equal([null, null], await Targets());

        // Curly versus straight apostrophe and different spacing still match.
        _store.Write("b.txt", Articles.Make("The  named article's headline"));
        await _store.ImportAsync();
        await using (var db = _store.CreateContext())
        {
            var named = await db.Articles.SingleAsync(a => a.SourceFileName == "b.txt");
            Assert.Equal([named.Id, null], await Targets());
        }

        _store.Delete("b.txt");
        await _store.ImportAsync(prune: true);
        Assert.Equal([null, null], await Targets());
    }

    [Fact]
    public async Task Bad_files_are_skipped_and_logged_while_every_good_file_imports()
    {
        _store.Write("a.txt", Articles.Make("A good article"));
        _store.WriteBytes("b-empty.txt", []);
        _store.WriteBytes("c-binary.txt", [0x00, 0x01, 0x02, 0x03, 0x00, 0xFF, 0xFE, 0x00, 0x00, 0x10]);
        _store.Write("d.txt", Articles.Make("Another good article"));

        var summary = await _store.ImportAsync();

        Assert.Equal(2, summary.Imported);
        Assert.Equal(["b-empty.txt", "c-binary.txt"], summary.Skipped.Select(s => s.FileName));
        Assert.All(summary.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Message)));
        await using var db = _store.CreateContext();
        Assert.Equal(["a.txt", "d.txt"], await db.Articles.OrderBy(a => a.Id).Select(a => a.SourceFileName).ToListAsync());
        var run = await db.ImportRuns.Include(r => r.Files).SingleAsync();
        Assert.Equal(("completed", 4, 2, 2), (run.Status, run.FilesSeen, run.Imported, run.Skipped));
        Assert.Equal(["b-empty.txt", "c-binary.txt"], run.Files.Where(f => f.Outcome == "skipped").Select(f => f.FileName).Order());
        Assert.All(run.Files.Where(f => f.Outcome == "skipped"), f => Assert.NotEmpty(f.Diagnostics));
    }

    [Fact]
    public async Task A_file_that_turns_bad_keeps_its_last_good_article()
    {
        _store.Write("a.txt", Articles.Make("A good article"));
        await _store.ImportAsync();
        var good = _store.Dump();

        _store.WriteBytes("a.txt", []);
        var summary = await _store.ImportAsync();

        Assert.Single(summary.Skipped);
        Assert.Equal(good, _store.Dump());
    }

    [Fact]
    public async Task Search_index_follows_imports_updates_and_removals()
    {
        _store.Write("a.txt", Articles.Make("Volcano erupts near village", "Lava reached the café."));
        await _store.ImportAsync();
        Assert.Equal(1, await Matches("volcano"));
        Assert.Equal(1, await Matches("cafe"));

        _store.Write("a.txt", Articles.Make("Earthquake shakes village", "Nobody was hurt."));
        await _store.ImportAsync();
        Assert.Equal(0, await Matches("volcano"));
        Assert.Equal(1, await Matches("earthquake"));

        _store.Delete("a.txt");
        await _store.ImportAsync(prune: true, allowEmpty: true); // the folder is now empty, on purpose
        Assert.Equal(0, await Matches("earthquake"));
    }

    private async Task<int> Matches(string word)
    {
        await using var db = _store.CreateContext();
        return await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {word}").SingleAsync();
    }

    private async Task<List<int?>> Targets()
    {
        await using var db = _store.CreateContext();
        return await db.RelatedLinks.Where(r => r.Article!.SourceFileName == "a.txt").OrderBy(r => r.Position).Select(r => r.TargetArticleId).ToListAsync();
    }
}
