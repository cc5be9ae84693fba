using Microsoft.EntityFrameworkCore;
using NewsApi.Data.Postgres;
using NewsApi.Tests.Support;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// <c>copy</c> moves a SQLite store to PostgreSQL with every id, removed article and import record, so clients'
/// URLs and ids survive the move, and the moved store goes on exactly as the SQLite one would have.
/// </summary>
public sealed class StoreCopyTests
{
    [Fact]
    public async Task The_copy_verb_moves_a_SQLite_store_to_PostgreSQL_with_its_ids_and_the_store_goes_on_as_SQLite_would()
    {
        using var source = new SourceDir();
        source.CopyFromRepo("data/articles", "seed");
        source.CopyFromRepo("tests/NewsApi.Parsing.Tests/Fixtures", "fixtures");
        source.Write("zz/a.txt", SourceDir.Article("Harbour reopens after storm", "Ferry timetable changes"));
        source.Write("zz/b.txt", SourceDir.Article("Ferry timetable changes", "Harbour reopens after storm"));
        await using var sqlite = await WriteStore.SqliteAsync();
        await sqlite.ImportAsync(source.Path);

        // Removed articles (tombstones) and removed images leave ids that must never be given again after the move.
        var removed = File.ReadAllText(Path.Combine(source.Path, "zz/b.txt"));
        source.Delete("zz/b.txt");
        await sqlite.ImportAsync(source.Path, prune: true);

        await using var postgres = await WriteStore.PostgresAsync();
        var run = await AppProcess.RunAsync(["copy", postgres.Postgres.ConnectionString], new Dictionary<string, string?>
        {
            ["ConnectionStrings__NewsApi"] = sqlite.SqliteConnectionString,
        });
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.ErrorLines, l => l.StartsWith("Copied ", StringComparison.Ordinal) && l.Contains("articles", StringComparison.Ordinal));
        Assert.Equal(await sqlite.DumpAsync(), await postgres.DumpAsync());

        // The same folder then gives the same store on both: nothing changed is imported again, the removed article
        // comes back under its old id, and a new one gets the same new ids (articles, images, teasers) on both.
        source.Write("zz/b.txt", removed);
        source.Write("zz/c.txt", SourceDir.Article("Lighthouse keeper retires", "Harbour reopens after storm"));
        var fromSqlite = await sqlite.ImportAsync(source.Path, prune: true);
        var fromPostgres = await postgres.ImportAsync(source.Path, prune: true);
        Assert.Equal((2, 0, 0), (fromSqlite.Imported, fromSqlite.Updated, fromSqlite.Removed));
        Assert.Equal((fromSqlite.Imported, fromSqlite.Updated, fromSqlite.Unchanged, fromSqlite.Removed),
            (fromPostgres.Imported, fromPostgres.Updated, fromPostgres.Unchanged, fromPostgres.Removed));
        Assert.Equal(await sqlite.DumpAsync(), await postgres.DumpAsync());

        // The search index was built from the copied texts: the copied articles are found as the imported ones are.
        var found = await postgres.Postgres.QueryStringsAsync(
            """SELECT string_agg("ArticleId"::text, ',' ORDER BY "ArticleId") FROM "ArticleSearchVectors" WHERE "Vector" @@ 'ferry & timetable'::tsquery""");
        Assert.Equal(2, found.Single().Split(',').Length);
    }

    [Fact]
    public async Task A_copy_into_a_store_that_has_articles_copies_nothing_and_says_why()
    {
        using var source = new SourceDir();
        source.CopyFromRepo("data/articles", "seed");
        await using var sqlite = await WriteStore.SqliteAsync();
        await sqlite.ImportAsync(source.Path);
        await using var postgres = await WriteStore.PostgresAsync();
        source.Write("other/x.txt", SourceDir.Article("Lighthouse keeper retires"));
        await postgres.ImportAsync(Path.Combine(source.Path, "other"));
        var before = await postgres.DumpAsync();

        var run = await AppProcess.RunAsync(["copy", postgres.Postgres.ConnectionString], new Dictionary<string, string?>
        {
            ["ConnectionStrings__NewsApi"] = sqlite.SqliteConnectionString,
        });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.ErrorLines, l => l.StartsWith("Nothing copied to PostgreSQL", StringComparison.Ordinal) && l.Contains("not empty", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, await postgres.DumpAsync());
    }

    [Fact]
    public async Task A_copy_into_a_database_that_does_not_exist_yet_creates_it()
    {
        using var source = new SourceDir();
        source.CopyFromRepo("data/articles", "seed");
        await using var sqlite = await WriteStore.SqliteAsync();
        await sqlite.ImportAsync(source.Path);
        var server = Environment.GetEnvironmentVariable(PostgresDatabase.Variable)!;
        var name = $"newsapi_test_{Guid.NewGuid():N}";
        var target = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        try
        {
            var run = await AppProcess.RunAsync(["copy", target], new Dictionary<string, string?>
            {
                ["ConnectionStrings__NewsApi"] = sqlite.SqliteConnectionString,
            });

            Assert.True(run.ExitCode == 0, run.ToString());
            await using var db = sqlite.CreateContext();
            var articles = await db.Articles.CountAsync();
            await using var connection = new Npgsql.NpgsqlConnection(target);
            await connection.OpenAsync();
            await using var count = new Npgsql.NpgsqlCommand("""SELECT count(*) FROM "Articles" """, connection);
            Assert.Equal((long)articles, (long)(await count.ExecuteScalarAsync())!);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Every_table_of_the_model_is_copied_or_named_as_derived()
    {
        await using var sqlite = await WriteStore.SqliteAsync();
        await using var db = sqlite.CreateContext();
        var tables = db.Model.GetRelationalModel().Tables.Select(t => t.Name).Order().ToList();
        Assert.Equal(tables, StoreCopy.Tables.Concat(StoreCopy.Derived).Order().ToList());
    }
}
