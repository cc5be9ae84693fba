using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using Npgsql;

namespace NewsApi.Tests.Support;

/// <summary>
/// The provider the API tests run on: SQLite by default, PostgreSQL when <c>NEWSAPI_TEST_PROVIDER=Postgres</c> and
/// <c>NEWSAPI_TEST_POSTGRES</c> names a server whose role may create databases (<c>.ci/run</c> runs the suite both
/// ways). On PostgreSQL every host gets a database of its own, cloned from one migrated template.
/// </summary>
public static class TestStore
{
    public const string ProviderVariable = "NEWSAPI_TEST_PROVIDER";
    public const string ServerVariable = "NEWSAPI_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public static bool IsPostgres =>
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable)?.Trim(), "Postgres", StringComparison.OrdinalIgnoreCase);

    private static string Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException($"{ProviderVariable}=Postgres needs {ServerVariable}: start a server with tests/scripts/postgres.sh start and export its connection string.");

    /// <summary>
    /// A store that outlives one host, for tests that restart the host on it: a SQLite file in <paramref name="folder"/>,
    /// or a new database on PostgreSQL (drop it with <see cref="DeleteStoreAsync"/>).
    /// </summary>
    public static async Task<string> NewStoreAsync(string folder) =>
        IsPostgres ? await CreateDatabaseAsync() : $"Data Source={Path.Combine(folder, "news.db")}";

    public static async Task DeleteStoreAsync(string connectionString)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (IsPostgres)
        {
            await DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>A context on a test store, on the suite's provider, for what a test must read or arrange directly.</summary>
    public static NewsDbContext CreateContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<NewsDbContext>();
        if (IsPostgres)
        {
            options.UseNewsApiPostgres(connectionString);
        }
        else
        {
            options.UseSqlite(connectionString);
        }

        return new NewsDbContext(options.Options);
    }

    /// <summary>A new, migrated, empty database; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var template = await Template.Value;
        var name = $"newsapi_api_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString();
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    // Migrating takes about a second; cloning a template about 50 ms. A template must have no connection while cloned.
    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"newsapi_template_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = false }.ToString();
        var options = new DbContextOptionsBuilder<NewsDbContext>();
        options.UseNewsApiPostgres(connectionString);
        await using (var db = new NewsDbContext(options.Options))
        {
            await StoreMigrator.MigrateAsync(db, NullLogger.Instance);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult();
        return name;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
