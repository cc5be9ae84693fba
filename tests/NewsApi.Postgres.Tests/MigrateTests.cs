using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using NewsApi.Tests.Support;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// The <c>migrate</c> verb against a real PostgreSQL server, as a deploy runs it: the schema of the PostgreSQL
/// migrations, none of SQLite's, and nothing to do the second time.
/// </summary>
public sealed class MigrateTests
{
    [Fact]
    public async Task Migrate_creates_every_table_of_the_model_and_a_second_run_changes_nothing()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        var first = await MigrateAsync(database);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"^Migrated PostgreSQL 127\.0\.0\.1:\d+/newsapi_test_\w+: applied \d+ migration\(s\), now at \w+$", Assert.Single(first.ErrorLines));
        var tables = await database.QueryStringsAsync(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        Assert.Equal(ModelTables().Append("__EFMigrationsHistory").Order(StringComparer.Ordinal), tables);
        var history = await database.QueryStringsAsync("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1");
        Assert.Equal(PostgresMigrations(), history);

        var second = await MigrateAsync(database);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal($"PostgreSQL {Server(database)}/{database.Name} is up to date (migration {history[^1]})", Assert.Single(second.ErrorLines));
        Assert.Equal(history, await database.QueryStringsAsync("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1"));
    }

    [Fact]
    public async Task Nodes_migrating_at_once_all_succeed_and_apply_each_migration_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        // A deploy that runs migrate on every node as it starts: StoreMigrator's advisory lock lets one apply. Without
        // the lock, four at once collided on the first CREATE in 4 runs of 5 here (42710), two in 2 of 4; with EF Core's
        // own lock only (it ends with each migration's transaction), on the second migration in 3 runs of 3 (42P07).
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MigrateAsync(database)));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Equal(PostgresMigrations(), await database.QueryStringsAsync("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1"));
    }

    [Fact]
    public async Task Titles_sort_without_regard_to_case_and_still_match_like()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var run = await MigrateAsync(database);
        Assert.True(run.ExitCode == 0, run.ToString());

        // The column's own collation, as the list endpoint's title sort and the suggest prefix match will use it.
        Assert.Equal([PostgresStore.TitleCollation], await database.QueryStringsAsync(
            "SELECT collation_name::text FROM information_schema.columns WHERE table_name = 'Articles' AND column_name = 'Title'"));
        var sorted = await database.QueryStringsAsync(
            $"SELECT t FROM (VALUES ('banana'), ('Cherry'), ('apple'), ('Banana')) v(t) ORDER BY t COLLATE {PostgresStore.TitleCollation}");
        Assert.Equal(["apple", "Banana", "banana", "Cherry"], sorted);
        var matched = await database.QueryStringsAsync(
            $"SELECT t FROM (VALUES ('Banana split'), ('Apple')) v(t) WHERE t COLLATE {PostgresStore.TitleCollation} LIKE 'Ban%'");
        Assert.Equal(["Banana split"], matched);
    }

    [Fact]
    public void The_postgres_migrations_match_the_model()
    {
        using var db = Context("Host=127.0.0.1;Database=unused");

        // What `dotnet ef migrations has-pending-model-changes` checks in CI, from the same model the host builds.
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no PostgreSQL migration holds: add one with dotnet ef migrations add --project src/NewsApi.Data.Postgres");
        Assert.Equal(PostgresMigrations(), db.Database.GetMigrations());
        Assert.NotEmpty(PostgresMigrations());
        Assert.Empty(PostgresMigrations().Intersect(MigrationIds(typeof(NewsDbContext).Assembly)));
    }

    private static Task<AppRun> MigrateAsync(PostgresDatabase database) =>
        AppProcess.RunAsync(["migrate"], new Dictionary<string, string?>
        {
            ["NewsApi__Provider"] = "Postgres",
            ["ConnectionStrings__NewsApi"] = database.ConnectionString,
        });

    /// <summary>The context the host builds for PostgreSQL; reading its model or migrations opens no connection.</summary>
    private static NewsDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<NewsDbContext>();
        options.UseNewsApiPostgres(connectionString);
        return new NewsDbContext(options.Options);
    }

    private static IEnumerable<string> ModelTables()
    {
        using var db = Context("Host=127.0.0.1;Database=unused");
        return db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
    }

    private static List<string> PostgresMigrations() => MigrationIds(typeof(PostgresStore).Assembly);

    private static List<string> MigrationIds(System.Reflection.Assembly assembly) =>
        assembly.GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(MigrationAttribute), false).OfType<MigrationAttribute>().SingleOrDefault()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Server(PostgresDatabase database)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        return $"{csb.Host}:{csb.Port}";
    }
}
