using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Store;
using Npgsql;

namespace NewsApi.Tests.Support;

/// <summary>
/// The real web host over a real SQLite file in a temporary folder (or, when the suite runs on PostgreSQL, a new
/// database of its own: <see cref="TestStore"/>), seeded by the real importer from <see cref="Fixtures"/> at start-up,
/// in the Production environment unless a test says otherwise.
/// </summary>
public class NewsApiFactory : WebApplicationFactory<Program>
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgres = TestStore.IsPostgres ? TestStore.CreateDatabaseAsync().GetAwaiter().GetResult() : null;

    public NewsApiFactory()
        : this("Production")
    {
    }

    protected NewsApiFactory(string environment)
    {
        Environment = environment;
        Directory.CreateDirectory(SourceDirectory);
        Fixtures.WriteTo(SourceDirectory);
    }

    public string Environment { get; }
    public string SourceDirectory => Path.Combine(_root, "articles");
    public string DatabasePath => Path.Combine(_root, "news.db");

    /// <summary>The store's connection string, on whichever provider the suite runs.</summary>
    public string ConnectionString => _postgres ?? $"Data Source={DatabasePath}";

    /// <summary>An open connection to the store, for SQL both providers read (quoted names, <c>@</c> parameters).</summary>
    public DbConnection OpenConnection()
    {
        DbConnection connection = _postgres is not null ? new NpgsqlConnection(_postgres) : new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Extra configuration a derived factory wants (for example API keys or limits).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:NewsApi", ConnectionString);
        if (_postgres is not null)
        {
            builder.UseSetting("NewsApi:Provider", "Postgres");
        }

        builder.UseSetting("NewsApi:SourceDirectory", SourceDirectory);
        builder.UseSetting("NewsApi:ImportOnStartup", "true");

        // Tests send thousands of requests from one client; the limiter has its own tests with low limits.
        builder.UseSetting("NewsApi:ReadRequestsPerSecond", "100000");
        builder.UseSetting("NewsApi:WriteRequestsPerMinute", "100000");

        // The test client's own address: article URLs are then fixed, and reads come from stored renditions.
        builder.UseSetting("NewsApi:PublicBaseUrl", "http://localhost");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client for a host whose start-up import has finished.</summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Services.GetRequiredService<StoreState>().StartupImportFinished.WaitAsync(TimeSpan.FromSeconds(60));
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_postgres is not null)
            {
                TestStore.DropDatabaseAsync(_postgres).GetAwaiter().GetResult();
            }

            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; failing the run over it is not.
            }
        }
    }
}

/// <summary>The same host in the Development environment, where bad input must fail the same way.</summary>
public sealed class DevelopmentNewsApiFactory() : NewsApiFactory("Development");
