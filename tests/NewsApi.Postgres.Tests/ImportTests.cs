using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// The importer on PostgreSQL against the same importer on SQLite, the reference: the same folder gives the same store,
/// ids included, through removals and restores; a rolled-back batch gives its ids back; two imports at once run one
/// after the other.
/// </summary>
public sealed class ImportTests
{
    [Fact]
    public async Task The_projects_fixture_folders_give_the_same_store_on_PostgreSQL_as_on_SQLite()
    {
        using var source = new SourceDir();
        source.CopyFromRepo("data/articles", "seed");
        source.CopyFromRepo("tests/NewsApi.Parsing.Tests/Fixtures", "fixtures");

        // Teasers that name each other, so resolution (lowest id of a shared title, never the article itself) shows.
        source.Write("zz/a.txt", SourceDir.Article("Harbour reopens after storm", "Ferry timetable changes", "Harbour reopens after storm"));
        source.Write("zz/b.txt", SourceDir.Article("Ferry timetable changes", "Harbour reopens after storm"));
        source.Write("zz/c.txt", SourceDir.Article("Ferry timetable changes", "Nothing by this title"));
        source.Write("zz/d.txt", SourceDir.Article("Council votes on bridge"));
        await using var sqlite = await WriteStore.SqliteAsync();
        await using var postgres = await WriteStore.PostgresAsync();

        var expected = await sqlite.ImportAsync(source.Path);
        var actual = await postgres.ImportAsync(source.Path);
        Assert.True(expected.Imported > 20, $"only {expected.Imported} articles imported");
        Assert.Equal(Counts(expected), Counts(actual));
        Assert.Equal(await sqlite.DumpAsync(), await postgres.DumpAsync());

        // A removal leaves a tombstone; the file coming back restores the article under its old id and slug; a
        // changed file is replaced in place; a new one takes an id above every removed one.
        source.Delete("zz/b.txt");
        source.Delete("zz/d.txt");
        await sqlite.ImportAsync(source.Path, prune: true);
        await postgres.ImportAsync(source.Path, prune: true);
        Assert.Equal(await sqlite.DumpAsync(), await postgres.DumpAsync());

        source.Write("zz/b.txt", SourceDir.Article("Ferry timetable changes", "Council votes on bridge"));
        source.Write("zz/a.txt", SourceDir.Article("Harbour reopens after storm", "Ferry timetable changes", "Council votes on bridge"));
        source.Write("zz/e.txt", SourceDir.Article("Council votes on bridge"));
        expected = await sqlite.ImportAsync(source.Path, prune: true);
        actual = await postgres.ImportAsync(source.Path, prune: true);
        Assert.Equal(Counts(expected), Counts(actual));
        var dump = await postgres.DumpAsync();
        Assert.Equal(await sqlite.DumpAsync(), dump);
        Assert.Contains("|zz/b.txt|restored|", dump, StringComparison.Ordinal);
        Assert.Contains("|zz/e.txt|restored|", dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_that_fails_midway_gives_its_ids_back_so_the_next_import_equals_a_clean_one()
    {
        using var source = new SourceDir();
        for (var i = 0; i < 300; i++)
        {
            source.Write($"{i:000}.txt", SourceDir.Article($"Headline number {i}", $"Headline number {(i + 7) % 300}"));
        }

        await using var clean = await WriteStore.PostgresAsync();
        await clean.ImportAsync(source.Path);

        // The store itself fails at the 280th article, in the second batch: the first batch (256 files) is committed,
        // the second rolls back after taking ids for 23 articles, their images and teasers.
        await using var store = await WriteStore.PostgresAsync();
        await ExecuteAsync(store, """
            CREATE FUNCTION fail_on_279() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW."Title" = 'Headline number 279' THEN RAISE EXCEPTION 'disk on fire'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_on_279 BEFORE INSERT ON "Articles" FOR EACH ROW EXECUTE FUNCTION fail_on_279();
            """);
        var failure = await Assert.ThrowsAsync<PostgresException>(() => store.ImportAsync(source.Path));
        Assert.Contains("disk on fire", failure.MessageText, StringComparison.Ordinal);
        await using (var db = store.CreateContext())
        {
            Assert.Equal(256, await db.Articles.CountAsync());
        }

        await ExecuteAsync(store, "DROP TRIGGER fail_on_279 ON \"Articles\"");
        var again = await store.ImportAsync(source.Path);

        Assert.Equal((44, 256), (again.Imported, again.Unchanged));
        Assert.Equal(Content(await clean.DumpAsync()), Content(await store.DumpAsync()));
    }

    [Fact]
    public async Task Two_imports_at_once_from_two_processes_run_one_after_the_other()
    {
        using var source = new SourceDir();
        for (var i = 0; i < 120; i++)
        {
            source.Write($"{i:000}.txt", SourceDir.Article(i % 10 == 0 ? "Same headline" : $"Headline number {i}", $"Headline number {i + 1}"));
        }

        await using var clean = await WriteStore.PostgresAsync();
        await clean.ImportAsync(source.Path);

        // Each importer gets its own in-process lock, as two nodes have: only the database's lock keeps them apart.
        await using var store = await WriteStore.PostgresAsync();
        var first = store.ImportAsync(source.Path, processGate: new SemaphoreSlim(1, 1));
        var second = store.ImportAsync(source.Path, processGate: new SemaphoreSlim(1, 1));
        var runs = await Task.WhenAll(first, second);

        Assert.Equal([(0, 120), (120, 0)], runs.Select(r => (r.Unchanged, r.Imported)).Order().ToArray());
        Assert.Equal(Content(await clean.DumpAsync()), Content(await store.DumpAsync()));
    }

    private static (int, int, int, int, int, string, int, string) Counts(Data.Import.ImportSummary s) =>
        (s.FilesSeen, s.Imported, s.Updated, s.Unchanged, s.Removed, string.Join(",", s.Skipped.Select(k => $"{k.FileName}:{k.Code}")), s.Missing, s.Status);

    /// <summary>A dump without the import log, whose runs differ when the imports did.</summary>
    private static string Content(string dump) => dump[..dump.LastIndexOf("--\n", StringComparison.Ordinal)];

    private static async Task ExecuteAsync(WriteStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(store.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
