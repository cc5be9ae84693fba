using Microsoft.Data.Sqlite;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// The <c>migrate</c> verb of the real executable, as a deploy runs it before starting the nodes: it creates or
/// updates the configured store's schema and exits, and says in one line why when it cannot. PostgreSQL runs of the
/// same verb are in tests/NewsApi.Postgres.Tests, against a real server.
/// </summary>
public sealed class MigrateVerbTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("newsapi-migrate-").FullName;

    [Fact]
    public async Task Migrate_creates_the_sqlite_schema_and_a_second_run_changes_nothing()
    {
        var database = Path.Combine(_root, "new", "news.db");

        var first = await AppProcess.RunAsync(["migrate"], Store(database));

        Assert.True(first.ExitCode == 0, first.ToString());
        var line = Assert.Single(first.ErrorLines);
        Assert.StartsWith($"Migrated {database}: applied ", line);
        var tables = Tables(database);
        Assert.All(new[] { "Articles", "ArticleRenditions", "ImportRuns", "__EFMigrationsHistory" }, t => Assert.Contains(t, tables));
        var applied = MigrationCount(database);

        var second = await AppProcess.RunAsync(["migrate"], Store(database));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.StartsWith($"{database} is up to date (migration ", Assert.Single(second.ErrorLines));
        Assert.Equal(applied, MigrationCount(database));
    }

    [Fact]
    public async Task Migrate_against_a_postgres_server_that_does_not_answer_says_so_in_one_line()
    {
        var run = await AppProcess.RunAsync(["migrate"], new Dictionary<string, string?>
        {
            ["NewsApi__Provider"] = "Postgres",
            ["ConnectionStrings__NewsApi"] = "Host=127.0.0.1;Port=1;Database=news;Username=newsapi;Password=secret;Timeout=5",
        });

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("Cannot migrate PostgreSQL 127.0.0.1:1/news: ", line);
        Assert.DoesNotContain("secret", run.StandardOutput + run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
    }

    [Fact]
    public async Task Migrate_with_an_argument_is_a_usage_error()
    {
        var run = await AppProcess.RunAsync(["migrate", "data/newsapi.db"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("error: 'migrate' takes no argument ('data/newsapi.db')", run.ErrorLines[0]);
    }

    [Fact]
    public async Task Import_into_a_postgres_server_that_is_not_there_says_so_in_one_line()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "articles")).FullName;

        var run = await AppProcess.RunAsync(["import", folder], new Dictionary<string, string?>
        {
            ["NewsApi__Provider"] = "Postgres",
            ["ConnectionStrings__NewsApi"] = "Host=127.0.0.1;Port=1;Database=news",
        });

        Assert.True(run.ExitCode == 2, run.ToString());
        var error = Assert.Single(run.ErrorLines, l => l.StartsWith("'import' could not use the database", StringComparison.Ordinal));
        Assert.Contains("127.0.0.1:1", error);
        Assert.DoesNotContain("   at ", run.StandardError);
    }

    [Fact]
    public async Task Backup_on_postgres_points_to_pg_dump()
    {
        var run = await AppProcess.RunAsync(["backup", Path.Combine(_root, "copy.db")], new Dictionary<string, string?>
        {
            ["NewsApi__Provider"] = "Postgres",
            ["ConnectionStrings__NewsApi"] = "Host=127.0.0.1;Port=1;Database=news",
        });

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("pg_dump", Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(Path.Combine(_root, "copy.db")));
    }

    private static Dictionary<string, string?> Store(string database) => new() { ["ConnectionStrings__NewsApi"] = $"Data Source={database}" };

    private static List<string> Tables(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static long MigrationCount(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM __EFMigrationsHistory";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
