using Npgsql;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// A fresh, empty database on the server NEWSAPI_TEST_POSTGRES names, dropped when the test ends, so tests neither
/// see each other's schema nor depend on their order.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "NEWSAPI_TEST_POSTGRES";

    private readonly string _server;

    private PostgresDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The connection string of the new database.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            // Failing, not skipping: CI always starts a server for this project, so a missing one is a broken run.
            Assert.Fail($"{Variable} is not set: start a server with tests/scripts/postgres.sh start and export its connection string.");
        }

        var name = $"newsapi_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString());
    }

    public async Task<List<string>> QueryStringsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
